"""`make run`, as README says, twice: it migrates, loads the demo municipality, prints a sign-in for every
role, serves the site with gunicorn on $PORT (static files from the app), and the second run adds nothing.

It runs against `make run`'s default, a fresh SQLite file under a temporary var/. In the PostgreSQL pass it
is skipped unless SHEBAO_E2E_POSTGRES=1, which runs it against a fresh database next to the test database
(dropped afterwards): that takes about three minutes, and every app's seed is already tested for
idempotence on PostgreSQL by its own tests, DATABASE_URL's switch by the settings' tests.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from shebao.core.demo import DEMO_USERNAMES
from shebao.core.models import Role

ROOT = Path(__file__).resolve().parents[4]
COUNT_TABLES = """
import json
from django.apps import apps
from shebao.core.models import AuditEntry
counts = {m._meta.label: m.objects.count() for m in apps.get_models()
          if m._meta.app_label in {"core", "people", "catalog", "network", "cases", "hall", "records",
                                   "auth"}}
counts["audit_last"] = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
print(json.dumps(counts))
"""
AUDIT_AFTER = """
import json, os
from shebao.core.models import AuditEntry
after = int(os.environ["AFTER_ID"])
print(json.dumps(list(AuditEntry.objects.filter(id__gt=after).values_list("action", "data"))))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def run_env(tmp_path):
    # No AUDIT_KEY either: `make run` makes the demo's own key under var/.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_", "AUDIT_"))}
    env |= {"SHEBAO_VAR_DIR": str(tmp_path / "var"), "DEMO_PERSONS": "60", "PORT": str(free_port())}
    url = os.environ.get("DATABASE_URL", "")
    if url and os.environ.get("SHEBAO_E2E_POSTGRES") != "1":
        pytest.skip("make run's default (SQLite) runs in the SQLite pass; SHEBAO_E2E_POSTGRES=1 runs it here")
    if not url:
        env.pop("DATABASE_URL", None)
        yield env
        return
    import psycopg

    server, _, name = url.rpartition("/")
    name = f"{name}_make_run"
    with psycopg.connect(url.rpartition("/")[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"{server}/{name}"
    yield env
    with psycopg.connect(url.rpartition("/")[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_run(env: dict, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make, gunicorn and its workers: one group, stopped together
        )


def wait_until_served(process: subprocess.Popen, port: int, log: Path, limit: float = 600) -> None:
    """Poll /healthz until it answers; fail at once if `make run` exits."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make run exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"nothing served on port {port}:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def shell(env: dict, code: str):
    result = subprocess.run(
        [sys.executable, "-m", "shebao", "shell", "-c", code],
        cwd=ROOT,
        env=env | {"PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def table_counts(env: dict) -> dict[str, int]:
    return shell(env, COUNT_TABLES)


def fetch(port: int, path: str):
    return urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)


def test_make_run_twice_serves_the_demo_on_port_prints_every_role_and_adds_nothing(run_env, tmp_path):
    port = int(run_env["PORT"])
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    process = make_run(run_env, first_log)
    try:
        wait_until_served(process, port, first_log)
        with fetch(port, "/") as home:
            assert home.status == 200 and "gunicorn" in home.headers.get("Server", "")
        with fetch(port, "/static/shebao/site.css") as css:
            assert css.status == 200
    finally:
        stop(process)
    output = first_log.read_text()
    assert f"Serving on http://127.0.0.1:{port}/" in output
    for username in DEMO_USERNAMES:
        assert f"  {username} " in output, username
    signins = output[output.index("Demo sign-ins") :]
    assert all(role.value in signins for role in Role)
    after_first = table_counts(run_env)
    assert after_first["people.Person"] == 60 and after_first["core.Agency"] == 39
    assert after_first["records.ContributionMonth"] > 0 and after_first["records.BenefitPayment"] > 0
    # The demo's audit key was made under var/; the jobs sealed the seed's entries and checkpointed them.
    assert (tmp_path / "var" / "audit_key").exists()
    verified = subprocess.run(
        [sys.executable, "-m", "shebao", "verify-audit"],
        cwd=ROOT,
        env=run_env | {"PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0 and "audit log intact" in verified.stdout, verified.stderr

    process = make_run(run_env, second_log)
    try:
        wait_until_served(process, port, second_log)
    finally:
        stop(process)
    assert "people: already seeded" in second_log.read_text()
    after_second = table_counts(run_env)
    # Every table is exactly as before, the audit log included: the seed settled the background jobs, so
    # neither the second seeding nor the job runners found anything to do.
    new_entries = shell(run_env | {"AFTER_ID": str(after_first["audit_last"])}, AUDIT_AFTER)
    assert new_entries == []
    assert after_second == after_first
