"""Kill -9 during intake: a real gunicorn serving the API on a PostgreSQL database, clients submitting
with idempotency keys and retrying until each submission is acknowledged, the server killed (master and
workers, mid-request) and restarted while they do. Afterwards every acknowledged submission must exist
exactly once, with the number the client was given. Shared by the crash test (tests/) and the benchmark.

Kills are triggered by progress (after a share of the submissions was acknowledged), not by the clock,
so the test does not depend on how fast the machine is.
"""

from __future__ import annotations

import http.client
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
# The server's own log (Django logs a 500's traceback there): quoted when a request fails unexpectedly.
SERVER_LOG = Path(os.environ.get("TMPDIR", "/tmp")) / f"shebao-crash-server-{os.getpid()}.log"


def server_log_tail(lines: int = 40) -> str:
    try:
        return "\n".join(SERVER_LOG.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    port: int, database_url: str, *, conn_max_age: int = 0, workers: int = 2, threads: int = 4
) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": str(conn_max_age),
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_TEST_NAME", None)
    with SERVER_LOG.open("a") as log:  # the server keeps its own copy of the file
        proc = _popen(env, port, log, workers, threads)
    return _wait_for(proc, port)


def stop_server(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait()


def _popen(env: dict, port: int, log, workers: int, threads: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "shebao.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,  # its own process group: one killpg reaches master and workers
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def _wait_for(proc: subprocess.Popen, port: int) -> subprocess.Popen:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn exited at start-up") from None
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def session_cookie(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "shebao.core.backends.StaffModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


@dataclass
class CrashRun:
    keys: list[str]
    acked: dict[str, str] = field(default_factory=dict)  # key -> case number the client was given
    replayed: int = 0  # answered 200: the server had made it before the client saw the answer
    failed_requests: int = 0  # connection refused/reset while the server was down
    kills: int = 0
    errors: list[str] = field(default_factory=list)


def run(
    *,
    teller,
    person_ids: list[int],
    database_url: str,
    clients: int,
    per_client: int,
    kills: int,
    prefix: str = "crash",
) -> CrashRun:
    """Submit clients × per_client applications, killing the server `kills` times along the way."""
    port = free_port()
    server = {"proc": start_server(port, database_url)}
    cookie, csrf = session_cookie(teller), secrets.token_hex(16)
    result = CrashRun([f"{prefix}-{i}-{k}" for i in range(clients) for k in range(per_client)])
    lock = threading.Condition()

    def submit(key: str, person_id: int) -> None:
        body = json.dumps(
            {
                "person_id": person_id,
                "item_code": "T-UNE",
                "received": ["resident_id_card", "unemployment_registration"],
            }
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": key,
            "X-CSRFToken": csrf,
            "Cookie": f"sessionid={cookie}; csrftoken={csrf}",
        }
        while True:  # a client retries the same key until it is acknowledged
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/cases", data=body, method="POST", headers=headers
            )
            try:
                with urllib.request.urlopen(request, timeout=20) as response:
                    number = json.loads(response.read())["cases"][0]["number"]
                    with lock:
                        result.acked[key] = number
                        result.replayed += response.status == 200
                        lock.notify_all()
                    return
            except urllib.error.HTTPError as exc:  # an answer, not a crash: never retried blindly
                raise AssertionError(
                    f"{key}: HTTP {exc.code} {exc.read()[:300]!r}\n"
                    f"server log ({SERVER_LOG}), last lines:\n{server_log_tail()}"
                ) from None
            except (urllib.error.URLError, http.client.HTTPException, OSError):
                # Refused or reset while the server was down, or the answer cut off mid-body by the kill
                # (IncompleteRead): the client cannot know whether it was made, so it retries the key.
                pass
            with lock:
                result.failed_requests += 1
            time.sleep(0.05)

    def client(i: int) -> None:
        try:
            for k in range(per_client):
                submit(f"{prefix}-{i}-{k}", person_ids[(i * per_client + k) % len(person_ids)])
        except Exception as exc:  # recorded, or the thread would die quietly and its keys go missing
            with lock:
                result.errors.append(str(exc) if isinstance(exc, AssertionError) else repr(exc))
                lock.notify_all()

    def killer() -> None:
        total = clients * per_client
        for n in range(1, kills + 1):
            with lock:
                lock.wait_for(lambda n=n: len(result.acked) >= total * n // (kills + 1) or result.errors)
                if result.errors:
                    return
            os.killpg(server["proc"].pid, signal.SIGKILL)  # master and workers, mid-request
            server["proc"].wait()
            result.kills += 1
            server["proc"] = start_server(port, database_url)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    kill_thread = threading.Thread(target=killer)
    kill_thread.start()
    for t in threads:
        t.start()
    try:
        for t in threads:
            t.join()
        kill_thread.join()
    finally:
        stop_server(server["proc"])
    if result.errors:
        raise AssertionError(result.errors[0])
    return result


def verify(result: CrashRun) -> dict[str, int]:
    """Every acknowledged key made exactly one submission with exactly one case, the acknowledged one."""
    from django.db.models import Count

    from shebao.cases.models import Case, Submission

    subs = Submission.objects.filter(idempotency_key__in=result.keys).annotate(n=Count("cases"))
    per_key = {s.idempotency_key: s for s in subs}
    numbers = dict(
        Case.objects.filter(submission__idempotency_key__in=result.keys).values_list(
            "submission__idempotency_key", "number"
        )
    )
    return {
        "acknowledged": len(result.acked),
        "missing": sum(1 for k in result.acked if k not in per_key),
        "wrong_number": sum(1 for k, number in result.acked.items() if numbers.get(k) != number),
        "second_cases": sum(s.n - 1 for s in per_key.values()),
        "unacknowledged_but_made": sum(1 for k in per_key if k not in result.acked),
    }
