"""Background jobs run when due, texts only in the daytime, and one failing job does not stop the rest."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from shebao.core import jobs
from shebao.core.models import TextMessage, TextMessageState

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def registry(monkeypatch):
    """A registry of the test's own jobs, so the real ones stay as they are."""
    monkeypatch.setattr(jobs, "_JOBS", {})
    calls: list[str] = []

    def ok():
        calls.append("ok")
        return 1

    def broken():
        calls.append("broken")
        raise RuntimeError("the gateway caught fire")

    def texts():
        calls.append("texts")

    jobs.job("test.ok", every_minutes=10)(ok)
    jobs.job("test.broken", every_minutes=10)(broken)
    jobs.job("test.texts", every_minutes=60, daytime_only=True)(texts)
    return calls


def test_a_job_runs_at_start_then_only_when_its_interval_has_passed(registry):
    last: dict = {}
    morning = datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)
    outcomes = jobs.run_due(last, morning)
    assert outcomes == {"test.broken": "failed: RuntimeError", "test.ok": "ok: 1", "test.texts": "ok"}
    assert jobs.run_due(last, morning + timedelta(minutes=9)) == {}
    assert set(jobs.run_due(last, morning + timedelta(minutes=10))) == {"test.ok", "test.broken"}
    assert registry.count("ok") == 2 and registry.count("texts") == 1


def test_jobs_that_text_citizens_wait_for_the_morning(registry):
    last: dict = {}
    night = datetime(2026, 11, 25, 3, 0, tzinfo=SHANGHAI)
    assert "test.texts" not in jobs.run_due(last, night)
    assert "test.texts" not in jobs.run_due(last, night.replace(hour=7, minute=59))
    assert "test.texts" in jobs.run_due(last, night.replace(hour=8))
    assert "test.texts" not in jobs.run_due({}, night.replace(hour=20))


def test_a_job_name_is_registered_once(registry):
    with pytest.raises(RuntimeError):
        jobs.job("test.ok", every_minutes=1)(lambda: None)


def test_the_product_registers_its_jobs():
    names = {j.name for j in jobs.registered()}
    assert {"core.text_messages", "core.audit.seal", "cases.reminders", "hall.daily"} <= names


@pytest.mark.django_db
def test_run_jobs_once_sends_what_a_crash_left_in_the_outbox():
    # Written, but the process died before the after-commit send: the row is still queued.
    left = TextMessage.objects.create(
        phone="13812345678", body="【社保一窗通】您的办件已受理。", purpose="test"
    )
    out = StringIO()
    call_command("run_jobs", "--once", stdout=out)
    left.refresh_from_db()
    assert left.state == TextMessageState.HELD  # no gateway in the tests: held for the outbox page
    assert "core.text_messages: ok: {'held': 1}" in out.getvalue()


def test_a_quiet_run_logs_nothing_about_jobs_that_found_nothing_to_do():
    assert not jobs.did_something({"reminded": 0, "suspended": 0})
    assert not jobs.did_something({"slots": {"created": 0, "removed": 0}, "reminders": 0})
    assert not jobs.did_something(None)
    assert jobs.did_something({"slots": {"created": 3}})
