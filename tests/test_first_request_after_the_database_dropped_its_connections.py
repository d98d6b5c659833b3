"""Issue 12 (reliability): a real gunicorn keeps its database connections between requests; when
PostgreSQL drops them (a restart, a failover, a backend killed), the next request is answered, not a 500
on a dead connection."""

import urllib.request

import pytest
from django.db import connection

from shebao.cases.tests import crash_harness

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def status(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_first_request_after_postgresql_dropped_the_servers_connections_is_answered():
    if connection.vendor != "postgresql":
        pytest.skip("the server's kept connections are PostgreSQL's")
    port = crash_harness.free_port()
    # One worker, one thread: every request meets the connection the first one left.
    server = crash_harness.start_server(port, database_url(), conn_max_age=60, workers=1, threads=1)
    try:
        assert status(port, "/catalog/") == 200  # the worker now keeps a connection
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
        answers = [status(port, "/catalog/") for _ in range(4)]
    finally:
        crash_harness.stop_server(server)
    assert answers == [200] * 4, crash_harness.server_log_tail()
