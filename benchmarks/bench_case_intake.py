"""Case intake on PostgreSQL: throughput of accept + route + audit with concurrent clients, beside a bare
INSERT baseline in the same run; then a crash test: the server is killed with -9 during a load of
submissions with idempotency keys and client retries, and every acknowledged submission must exist once.

Needs PostgreSQL (DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test); it works in its own
database `bench_cases`. Run alone: `python -m benchmarks bench_case_intake`.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.report import Row, percentile, print_table

PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
DB_NAME = "bench_cases"
CLIENTS = 8
PER_CLIENT = 60
CRASH_CLIENTS = 6
CRASH_PER_CLIENT = 80
KILLS_AT = (1.0, 2.5, 4.0)  # seconds into the load
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

    from shebao.cases.tests.helpers import make_world
    from shebao.people.models import IdentityDocument, InsuranceRecord, Person
    from shebao.testing import make_cast

    cast = make_cast()
    world = make_world(cast)
    persons = Person.objects.bulk_create([Person(name=f"测试{i}", sex="F") for i in range(200)])
    InsuranceRecord.objects.bulk_create(
        [
            InsuranceRecord(
                person=p, insurance_type="unemployment", home_agency=cast.yuzhong, start_date="2020-01-01"
            )
            for p in persons
        ]
    )
    IdentityDocument.objects.bulk_create(
        [IdentityDocument(person=p, doc_type="passport", number=f"E{p.pk:08d}") for p in persons]
    )
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port: int, db_name: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": PG_URL.rsplit("/", 1)[0] + "/" + db_name, "DB_CONN_MAX_AGE": "0"}
    env.pop("DATABASE_TEST_NAME", None)
    proc = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "shebao.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def _session_cookie(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _crash_test(world, persons) -> tuple[list[Row], list[str]]:
    from django.db import connection

    from shebao.cases.models import Case, Submission

    port = _free_port()
    server = {"proc": _start_server(port, connection.settings_dict["NAME"])}
    cookie = _session_cookie(world.cast.teller)
    csrf = secrets.token_hex(16)
    acked: dict[str, str] = {}
    replays = {"n": 0, "errors": 0}
    lock = threading.Lock()

    def submit(key: str, person_id: int) -> None:
        body = json.dumps(
            {
                "person_id": person_id,
                "item_code": "T-UNE",
                "received": ["resident_id_card", "unemployment_registration"],
            }
        ).encode()
        while True:  # a client retries the same key until it is acknowledged
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/cases",
                data=body,
                method="POST",
                headers={
                    "Content-Type": "application/json",
                    "Idempotency-Key": key,
                    "X-CSRFToken": csrf,
                    "Cookie": f"sessionid={cookie}; csrftoken={csrf}",
                },
            )
            try:
                with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 (http://127.0.0.1 only)
                    data = json.loads(resp.read())
                    with lock:
                        acked[key] = data["cases"][0]["number"]
                        replays["n"] += resp.status == 200
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                with lock:
                    replays["errors"] += 1
                time.sleep(0.05)

    def client(i):
        for k in range(CRASH_PER_CLIENT):
            submit(f"crash-{i}-{k}", persons[(i * CRASH_PER_CLIENT + k) % len(persons)].pk)

    def killer():
        started = time.monotonic()
        for at in KILLS_AT:
            time.sleep(max(0.0, at - (time.monotonic() - started)))
            os.killpg(server["proc"].pid, signal.SIGKILL)  # master and workers, mid-request
            server["proc"].wait()
            time.sleep(0.2)
            server["proc"] = _start_server(port, connection.settings_dict["NAME"])

    k = threading.Thread(target=killer)
    k.start()
    _in_threads(CRASH_CLIENTS, client)
    k.join()
    os.killpg(server["proc"].pid, signal.SIGTERM)
    server["proc"].wait()

    keys = [f"crash-{i}-{k}" for i in range(CRASH_CLIENTS) for k in range(CRASH_PER_CLIENT)]
    subs = Submission.objects.filter(idempotency_key__startswith="crash-")
    per_key = {s.idempotency_key: s for s in subs}
    lost = [k for k in keys if k not in per_key]
    wrong = [k for k, number in acked.items() if per_key[k].cases.get().number != number]
    cases = Case.objects.filter(submission__idempotency_key__startswith="crash-").count()
    duplicates = cases - len(per_key)
    assert not lost and not wrong and duplicates == 0 and len(acked) == len(keys), (lost, wrong, duplicates)
    rows = [
        Row(
            "second cases after kill -9 and retries",
            duplicates,
            replays["n"],
            "cases (baseline: retries answered from the key = duplicates without one)",
        )
    ]
    notes = [
        f"Crash test: {len(keys)} submissions by {CRASH_CLIENTS} clients, server killed with -9 "
        f"{len(KILLS_AT)} times and restarted; {replays['errors']} failed requests retried; "
        f"{len(acked)} acknowledged, each "
        f"found exactly once with the acknowledged number; {replays['n']} retries were answered with the "
        "first case (200)."
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
        try:
            crash_rows, notes = _crash_test(world, persons)
            print_table(
                "Crash test: kill -9 during intake with idempotency keys", "without keys", crash_rows, notes
            )
        except FileNotFoundError:
            print("crash test skipped: gunicorn not installed in this environment")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__" and "--child" in sys.argv:
    child()
