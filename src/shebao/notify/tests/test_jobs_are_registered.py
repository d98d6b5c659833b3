"""Delivery and the daily scan run as background jobs beside the web server (run_jobs)."""

from io import StringIO

import pytest
from django.core.management import call_command

from shebao.core import jobs
from shebao.notify.models import Delivery, DeliveryState
from shebao.notify.tests.helpers import a_scenario


def test_the_notify_jobs_are_registered():
    by_name = {j.name: j for j in jobs.registered()}
    assert by_name["notify.deliver"].every.total_seconds() == 60
    assert by_name["notify.daily_scan"].daytime_only


@pytest.mark.django_db
def test_run_jobs_once_hands_waiting_texts_to_the_outbox(cast, monkeypatch):
    from shebao.core import events
    from shebao.notify import delivery

    monkeypatch.setattr(delivery, "quiet_until", lambda now: None)  # whatever the hour the suite runs at
    a_scenario(channels=("sms",))
    events.publish("tests.thing.happened", person_id=cast.person.pk, period="p", month="2026-11")
    out = StringIO()
    call_command("run_jobs", "--once", stdout=out)
    assert "notify.deliver: ok: {'sent': 1}" in out.getvalue()
    assert Delivery.objects.get().state == DeliveryState.SENT  # held in the outbox: no gateway in tests
