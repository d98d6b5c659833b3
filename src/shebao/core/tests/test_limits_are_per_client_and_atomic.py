"""Per-address limits count the real client (behind NUM_PROXIES proxies, the address the proxy saw) and
count atomically in the shared database: 80 concurrent requests pass a limit of N exactly N times."""

import threading
import urllib.error
import urllib.request

import pytest

from shebao.core.api import ids_validate  # noqa: F401  (the router is built: its throttle exists)
from shebao.core.limits import hit

VALIDATE = "/api/v1/ids/validate?doc_type=resident_id&number=11010519491231002X"


def _limit() -> int:
    from django.conf import settings

    return int(settings.SHEBAO["ID_VALIDATE_RATE"].split("/")[0])


@pytest.mark.django_db
def test_behind_a_proxy_each_client_has_its_own_budget(client, settings):
    settings.NINJA_NUM_PROXIES = 1
    for _ in range(_limit()):
        assert client.get(VALIDATE, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 200
    assert client.get(VALIDATE, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # Another citizen behind the same proxy (same REMOTE_ADDR) is not blocked by the first one.
    assert client.get(VALIDATE, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200
    # A client that forges a first hop still gets the address the proxy appended: the same budget.
    forged = "10.0.0.1, 203.0.113.9"
    assert client.get(VALIDATE, HTTP_X_FORWARDED_FOR=forged).status_code == 429


@pytest.mark.django_db
def test_without_proxies_a_made_up_forwarded_header_escapes_nothing(client, settings):
    settings.NINJA_NUM_PROXIES = 0
    for n in range(_limit()):
        assert client.get(VALIDATE, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code == 200
    assert client.get(VALIDATE, HTTP_X_FORWARDED_FOR="192.0.2.250").status_code == 429


@pytest.mark.django_db(transaction=True)
def test_eighty_concurrent_requests_pass_the_limit_exactly_as_often_as_it_allows(live_server):
    statuses: list[int] = []
    start = threading.Barrier(80)

    def ask():
        start.wait()
        try:
            with urllib.request.urlopen(live_server.url + VALIDATE, timeout=60) as answer:
                statuses.append(answer.status)
        except urllib.error.HTTPError as refused:
            statuses.append(refused.code)

    threads = [threading.Thread(target=ask) for _ in range(80)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(set(statuses)) == [200, 429]
    assert statuses.count(200) == _limit() and statuses.count(429) == 80 - _limit()


@pytest.mark.django_db(transaction=True)
def test_counting_is_one_atomic_statement_under_concurrent_writers():
    from datetime import timedelta

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "the in-memory SQLite test database does not wait for table locks; the live-server test runs"
        )
    counts: list[int] = []

    def count():
        counts.append(hit("test:concurrent", timedelta(minutes=1)))
        connection.close()

    threads = [threading.Thread(target=count) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(counts) == list(range(1, 41))  # every hit saw its own count: none lost, none shared
