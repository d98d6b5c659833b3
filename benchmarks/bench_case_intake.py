"""Case intake on PostgreSQL: throughput of accept + route + audit with concurrent clients, beside a bare
INSERT baseline in the same run; then a crash test: the server is killed with -9 during a load of
submissions with idempotency keys and client retries, and every acknowledged submission must exist once.

Needs PostgreSQL (DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test); it works in its own
database `bench_cases`. Run alone: `python -m benchmarks bench_case_intake`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.report import Row, percentile, print_table

PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
DB_NAME = "bench_cases"
CLIENTS = 8
PER_CLIENT = 60
CRASH_CLIENTS = 6
CRASH_PER_CLIENT = 80
KILLS = 5  # spread evenly over the load, by the share of submissions acknowledged
ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """`make bench` may already have set Django up on SQLite: measure in a child process on PostgreSQL."""
    env = {
        **os.environ,
        "DATABASE_URL": PG_URL,
        "DATABASE_TEST_NAME": DB_NAME,
        "DJANGO_SETTINGS_MODULE": "shebao.settings",
        "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_case_intake", "--child"], env=env, cwd=ROOT, check=False
    )
    if done.returncode:
        print(f"bench_case_intake failed (exit {done.returncode}); is PostgreSQL at {PG_URL}?")


def _setup_world():
    from django.contrib.auth import get_user_model

    from shebao.cases.tests.helpers import make_applicants, make_world
    from shebao.testing import make_cast

    cast = make_cast()
    world = make_world(cast)
    persons = make_applicants(cast.yuzhong, 200)
    get_user_model().objects.filter(pk=cast.teller.pk).update(is_active=True)
    return world, persons


def _in_threads(n: int, work) -> float:
    from django.db import connection

    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        try:
            work(i)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def _throughput(world, persons) -> list[Row]:
    from django.db import connection

    from shebao.cases import services
    from shebao.cases.models import Case

    latencies: list[float] = []
    received = {"resident_id_card", "unemployment_registration"}  # one deferrable missing: 容缺

    def accept(i):
        for k in range(PER_CLIENT):
            t = time.perf_counter()
            services.case_accept(
                teller=world.cast.teller,
                person=persons[(i * PER_CLIENT + k) % len(persons)],
                item_code="T-UNE",
                received=received,
                idempotency_key=f"tp-{i}-{k}",
            )
            latencies.append(time.perf_counter() - t)

    ours = _in_threads(CLIENTS, accept)
    total = CLIENTS * PER_CLIENT
    assert Case.objects.count() == total
    with connection.cursor() as c:
        c.execute(
            "CREATE TABLE IF NOT EXISTS bench_bare (id bigserial primary key, key text unique, "
            "person_id bigint, at timestamptz default now())"
        )

    def bare(i):
        with connection.cursor() as c:
            for k in range(PER_CLIENT):
                c.execute("INSERT INTO bench_bare (key, person_id) VALUES (%s, %s)", [f"b-{i}-{k}", k])

    base = _in_threads(CLIENTS, bare)
    return [
        Row(f"intakes/s, {CLIENTS} concurrent clients", total / ours, total / base, "per second", False),
        Row(
            "p50 latency of one intake",
            percentile(latencies, 50) * 1000,
            base / PER_CLIENT * 1000,
            "ms (baseline: mean bare INSERT)",
        ),
        Row(
            "p95 latency of one intake",
            percentile(latencies, 95) * 1000,
            base / PER_CLIENT * 1000,
            "ms (baseline: mean bare INSERT)",
        ),
    ]


def _crash_test(world, persons) -> tuple[list[Row], list[str]]:
    """The harness the crash test uses (shebao.cases.tests.crash_harness), with more load and kills."""
    from django.db import connection

    from shebao.cases.tests import crash_harness

    s = connection.settings_dict
    url = f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    started = time.perf_counter()
    run = crash_harness.run(
        teller=world.cast.teller,
        person_ids=[p.pk for p in persons],
        database_url=url,
        clients=CRASH_CLIENTS,
        per_client=CRASH_PER_CLIENT,
        kills=KILLS,
    )
    seconds = time.perf_counter() - started
    found = crash_harness.verify(run)
    total = CRASH_CLIENTS * CRASH_PER_CLIENT
    assert found["acknowledged"] == total and found["missing"] == found["wrong_number"] == 0, found
    assert found["second_cases"] == 0, found
    exactly_once = found["acknowledged"] - found["missing"] - found["wrong_number"] - found["second_cases"]
    rows = [
        Row(
            "acknowledged submissions stored exactly once, with the acknowledged number",
            exactly_once,
            total,
            "submissions (baseline: all acknowledged)",
            lower_is_better=False,
        )
    ]
    notes = [
        f"Crash test: {total} submissions by {CRASH_CLIENTS} clients against a real gunicorn (2 workers) in "
        f"{seconds:.1f} s; the server was killed with -9 {run.kills} times mid-load and restarted; "
        f"{run.failed_requests} failed requests were retried with the same key; {found['acknowledged']} "
        f"acknowledged, each found exactly once with the acknowledged number; {run.replayed} retries were "
        "answered with the first case (200); missing: 0, wrong number: 0, second cases: 0."
    ]
    return rows, notes


def child() -> None:
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("bench_case_intake needs PostgreSQL")
        return
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        world, persons = _setup_world()
        from shebao.cases import clock

        clock.today = lambda: __import__("datetime").date(2026, 11, 24)
        rows = _throughput(world, persons)
        print_table(
            "Case intake: accept + route + audit on PostgreSQL",
            "bare INSERT",
            rows,
            [
                "Each intake: permission and agreement checks, catalogue version, materials, case number "
                "(per agency and day), review steps, history and hash-chained audit entry, "
                "in one transaction. "
                "The audit chain's single head row serialises writers: it bounds intake throughput.",
                "The clients are threads of this one Python process, so they also share one GIL: the figure "
                "is a floor for a multi-process server (gunicorn workers), not a ceiling.",
            ],
        )
        from shebao.cases.tests import crash_harness

        if not crash_harness.calendar_covers_intake():
            print("crash test skipped: the holiday calendar does not reach today's time limits; update it")
            return
        crash_rows, notes = _crash_test(world, persons)
        print_table(
            "Crash test: kill -9 during intake with idempotency keys", "without keys", crash_rows, notes
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__" and "--child" in sys.argv:
    child()
