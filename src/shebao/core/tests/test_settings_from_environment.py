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


def test_an_unsupported_database_url_stops_start_up():
    import os
    import subprocess
    import sys

    env = dict(os.environ, DATABASE_URL="mysql://root@localhost/x", PYTHONPATH="src")
    result = subprocess.run(
        [sys.executable, "-c", "import shebao.settings"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr
