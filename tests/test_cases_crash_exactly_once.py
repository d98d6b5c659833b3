"""Issue 6, done when: the server process is killed (-9) during a load of submissions with idempotency
keys and client retries; afterwards every acknowledged submission exists exactly once. A real gunicorn
on the test's PostgreSQL database, killed twice and restarted; the benchmark runs the same harness bigger."""

import pytest
from django.db import connection

from shebao.cases.tests import crash_harness
from shebao.cases.tests.helpers import make_applicants, make_world

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_every_acknowledged_submission_exists_exactly_once_after_kill_9(cast):
    if connection.vendor != "postgresql":
        pytest.skip("the server process and the test share the database: PostgreSQL only")
    make_world(cast)
    persons = make_applicants(cast.yuzhong, 20)
    run = crash_harness.run(
        teller=cast.teller,
        person_ids=[p.pk for p in persons],
        database_url=database_url(),
        clients=4,
        per_client=10,
        kills=2,
    )
    assert run.kills == 2
    assert run.failed_requests > 0  # the kills really interrupted the clients
    found = crash_harness.verify(run)
    assert found == {
        "acknowledged": 40,
        "missing": 0,
        "wrong_number": 0,
        "second_cases": 0,
        "unacknowledged_but_made": 0,
    }, crash_harness.server_log_tail()
