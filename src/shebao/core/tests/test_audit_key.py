"""The audit key is never in the database: it comes from the environment or a key file; the demo makes
one under var/; anything else without one refuses to start, naming what to set."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

# Each case starts Python processes on the embedded default; the database plays no part: SQLite pass only.
pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs in the SQLite pass")
ROOT = Path(__file__).resolve().parents[4]


def start(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("AUDIT_", "DEMO_", "DJANGO_", "PYTEST_"))
    }
    base.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=base | {"SHEBAO_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(ROOT / "src")} | env,
        capture_output=True,
        text=True,
        check=False,
    )


CHECK = "import sys; from shebao.__main__ import main; sys.argv = ['shebao', 'check']; main()"


def test_without_a_key_neither_the_web_server_nor_a_command_starts(tmp_path):
    server = start(tmp_path, "import shebao.wsgi")
    assert server.returncode != 0 and "AUDIT_KEY_FILE" in server.stderr
    command = start(tmp_path, CHECK)
    assert command.returncode != 0 and "shebao.E001" in command.stderr
    assert not (tmp_path / "var" / "audit_key").exists()


def test_the_demo_makes_a_key_only_its_owner_can_read_and_keeps_it(tmp_path):
    assert start(tmp_path, CHECK, DEMO_OUTBOX="true").returncode == 0
    key_file = tmp_path / "var" / "audit_key"
    key = key_file.read_text()
    assert len(key) >= 32 and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert start(tmp_path, CHECK).returncode == 0  # later commands find the demo's key
    assert key_file.read_text() == key


def test_a_deployment_names_its_key_file_and_a_short_key_is_refused(tmp_path):
    key_file = tmp_path / "audit.key"
    key_file.write_text("too short")
    refused = start(tmp_path, "import shebao.wsgi", AUDIT_KEY_FILE=str(key_file))
    assert refused.returncode != 0 and "at least 32 characters" in refused.stderr
    key_file.write_text("k" * 40)
    assert start(tmp_path, "import shebao.wsgi", AUDIT_KEY_FILE=str(key_file)).returncode == 0
    assert not (tmp_path / "var" / "audit_key").exists()
