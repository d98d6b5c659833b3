"""Settings come from environment variables, and a bad value stops start-up with a message naming it."""

import pytest

from shebao.envconf import ConfigError, env_bool, env_int, env_list, env_str


def test_a_misspelt_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ConfigError, match="DEBUG"):
        env_bool("DEBUG", False)


def test_a_number_below_its_minimum_fails_loudly(monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "0")
    with pytest.raises(ConfigError, match="SESSION_IDLE_MINUTES"):
        env_int("SESSION_IDLE_MINUTES", 30, minimum=1)


def test_a_non_number_fails_loudly(monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ConfigError, match="PORT"):
        env_int("PORT", 8000)


def test_a_required_variable_that_is_missing_fails(monkeypatch):
    monkeypatch.delenv("SHEBAO_REQUIRED_THING", raising=False)
    with pytest.raises(ConfigError, match="SHEBAO_REQUIRED_THING"):
        env_str("SHEBAO_REQUIRED_THING")


def test_defaults_apply_when_unset_and_lists_split_on_commas(monkeypatch):
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    assert env_list("ALLOWED_HOSTS", ["a"]) == ["a"]
    monkeypatch.setenv("ALLOWED_HOSTS", "x.example, y.example")
    assert env_list("ALLOWED_HOSTS", []) == ["x.example", "y.example"]
    assert env_bool("UNSET_FLAG_FOR_TEST", True) is True


def start(tmp_path, code: str, **env: str):
    """A fresh interpreter that loads the settings (and runs `code`) with exactly these variables set."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "LOG_LEVEL"}}
    src = str(Path(__file__).resolve().parents[3])
    full = base | {"PYTHONPATH": src, "SHEBAO_VAR_DIR": str(tmp_path / "var")} | env
    script = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'shebao.settings'; django.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", script + code], env=full, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("DEBUG", "ture"),
        ("SESSION_IDLE_MINUTES", "0"),
        ("LOGIN_FAILURE_LIMIT", "five"),
        ("ID_VALIDATE_RATE", "lots"),
        ("LOG_LEVEL", "LOUD"),
        ("NUM_PROXIES", "-1"),
        ("DEMO_PERSONS", "10"),
        ("PUBLIC_URL", "shebao.example.gov.cn"),
    ],
)
def test_a_bad_value_stops_start_up_with_a_message_naming_the_variable(tmp_path, name, value):
    result = start(tmp_path, "print('started')", **{name: value})
    assert result.returncode != 0 and "started" not in result.stdout
    assert "ConfigError" in result.stderr and name in result.stderr


def test_the_embedded_default_is_sqlite_in_wal_mode_in_a_file_under_var(tmp_path):
    code = (
        "from django.db import connection; from django.conf import settings\n"
        "cursor = connection.cursor(); cursor.execute('PRAGMA journal_mode')\n"
        "print(connection.vendor, cursor.fetchone()[0], settings.DATABASES['default']['NAME'])"
    )
    result = start(tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sqlite", "wal", str(tmp_path / "var" / "shebao.sqlite3")]
    assert (tmp_path / "var" / "shebao.sqlite3").exists()


def test_database_url_switches_to_postgresql(tmp_path):
    code = (
        "from django.conf import settings; db = settings.DATABASES['default']\n"
        "print(db['ENGINE'], db['NAME'], db['HOST'], db['PORT'], db['USER'])"
    )
    result = start(tmp_path, code, DATABASE_URL="postgresql://postgres@127.0.0.1:5432/shebao_x")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "shebao_x",
        "127.0.0.1",
        "5432",
        "postgres",
    ]


def test_a_generated_secret_key_is_kept_under_var_and_reused(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first, second = start(tmp_path, code), start(tmp_path, code)
    assert first.returncode == 0 and len(first.stdout.strip()) >= 50
    assert first.stdout == second.stdout == (tmp_path / "var" / "secret_key").read_text() + "\n"


PREPARED = (
    "from django.db import connection\n"
    "for _ in range(6):\n"
    "    with connection.cursor() as c: c.execute('SELECT %s::int + 1', [1])\n"
    "with connection.cursor() as c:\n"
    "    c.execute('SELECT count(*) FROM pg_prepared_statements'); print(c.fetchone()[0])\n"
)


@pytest.mark.parametrize(("setting", "prepared"), [({}, True), ({"DB_PREPARED_STATEMENTS": "false"}, False)])
def test_on_postgresql_a_statement_run_often_is_prepared_unless_turned_off(tmp_path, setting, prepared):
    """PostgreSQL parses and plans a statement an intake runs every time once per connection, not each time;
    a pooler that cannot keep prepared statements is served with DB_PREPARED_STATEMENTS=false."""
    import os

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("PostgreSQL's pass runs it")
    result = start(tmp_path, PREPARED, DATABASE_URL=url, **setting)
    assert result.returncode == 0, result.stderr
    assert (int(result.stdout.split()[-1]) > 0) is prepared
