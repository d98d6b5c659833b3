"""Texts through core.messaging's gateway adapter and e-mail through SMTP: quiet hours (21:00-08:00) hold
texts until the morning, a gateway that is down loses nothing, a refused text falls back to the inbox,
e-mail is retried with back-off, opt-outs hold except for legally required notices, and a person gets at
most the configured number a day."""

import socket
import zoneinfo
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from shebao.core import events, messaging
from shebao.core.errors import ValidationFailed
from shebao.core.models import TextMessage, TextMessageState
from shebao.core.tests.test_text_messages import FakeSmsPlatform
from shebao.notify import delivery
from shebao.notify.models import Contact, Delivery, DeliveryState
from shebao.notify.services import opt_out_set
from shebao.notify.tests.helpers import a_scenario

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(hour, minute=0, day=3):
    return datetime(2026, 12, day, hour, minute, tzinfo=SHANGHAI)


def notice(cast, scenario_code="test_notice", period="p", **data):
    events.publish("tests.thing.happened", person_id=cast.person.pk, period=period, month="2026-11", **data)


def sms_of(cast):
    return Delivery.objects.get(channel="sms", person=cast.person, is_fallback=False)


@pytest.fixture(autouse=True)
def _texts_sent_on_commit(django_capture_on_commit_callbacks, monkeypatch):
    """In production the job runs outside a transaction and the outbox sends at once; a test's
    transaction never commits, so the outbox's on-commit send is run as the job hands a text over."""
    real = delivery.deliver_due

    def deliver_due(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = real(**kwargs)
        return result if "text_delivered" in result or "text_failed" in result else {**result, **_followed()}

    def _followed():
        return {f"text_{k}": v for k, v in delivery.follow_texts().items() if v}

    monkeypatch.setattr(delivery, "deliver_due", deliver_due)


@pytest.fixture
def platform(settings):
    server = FakeSmsPlatform()
    settings.SHEBAO = {**settings.SHEBAO, "SMS_GATEWAY_URL": server.url, "SMS_GATEWAY_TOKEN": "t0ken"}
    yield server
    server.close()


def test_a_text_written_at_night_waits_for_eight_in_the_morning(cast, platform):
    a_scenario()
    notice(cast)
    assert delivery.deliver_due(now=at(22, 30)) == {"quiet": 1}
    row = sms_of(cast)
    assert row.state == DeliveryState.PENDING and row.attempts == 0
    assert timezone.localtime(row.next_attempt_at, SHANGHAI) == at(8, 0, day=4)
    assert delivery.deliver_due(now=at(7, 59, day=4)) == {}
    assert platform.requests == []
    assert delivery.deliver_due(now=at(8, 0, day=4)) == {"sent": 1, "text_delivered": 1}
    assert len(platform.requests) == 1 and "2026-11" in platform.requests[0]["body"]["text"]
    assert sms_of(cast).state == DeliveryState.DELIVERED


def test_quiet_hours_end_at_eight_and_begin_at_nine():
    assert delivery.quiet_until(at(20, 59)) is None
    assert delivery.quiet_until(at(21, 0)) == at(8, 0, day=4)
    assert delivery.quiet_until(at(3, 0)) == at(8, 0)
    assert delivery.quiet_until(at(8, 0)) is None


def test_a_gateway_that_is_down_loses_nothing(cast, settings):
    platform = FakeSmsPlatform(statuses=[503, 503, 503, 503])
    settings.SHEBAO = {**settings.SHEBAO, "SMS_GATEWAY_URL": platform.url, "SMS_GATEWAY_TOKEN": "t"}
    try:
        a_scenario()
        notice(cast)
        delivery.deliver_due(now=at(10))
        row = sms_of(cast)
        assert row.state == DeliveryState.SENT  # in the outbox, not yet at a phone
        assert row.text_message.state == TextMessageState.QUEUED
        now = timezone.now()
        for minutes in (2, 10, 40):  # the outbox's retries while the gateway answers 503
            messaging.deliver_due(now=now + timedelta(minutes=minutes))
            delivery.follow_texts()
            assert sms_of(cast).state == DeliveryState.SENT
        messaging.deliver_due(now=now + timedelta(hours=3))  # the gateway is back
        assert delivery.follow_texts() == {"delivered": 1, "failed": 0}
        assert sms_of(cast).state == DeliveryState.DELIVERED
        bodies = [r["body"]["text"] for r in platform.requests]
        assert len(bodies) == 5 and len(set(bodies)) == 1  # the same text each time, delivered once
        assert len({r["headers"]["Idempotency-Key"] for r in platform.requests}) == 1
    finally:
        platform.close()


def test_a_text_the_gateway_refuses_falls_back_to_the_inbox(cast, settings):
    platform = FakeSmsPlatform(statuses=[400])
    settings.SHEBAO = {**settings.SHEBAO, "SMS_GATEWAY_URL": platform.url, "SMS_GATEWAY_TOKEN": "t"}
    try:
        a_scenario(channels=("sms",))
        notice(cast)
        assert delivery.deliver_due(now=at(10)) == {"sent": 1, "text_failed": 1}
        assert sms_of(cast).state == DeliveryState.FAILED
        fallback = Delivery.objects.get(is_fallback=True)
        assert (fallback.channel, fallback.state) == ("inbox", DeliveryState.DELIVERED)
        assert fallback.body == sms_of(cast).body
    finally:
        platform.close()


def test_an_opt_out_holds_but_not_for_a_legally_required_notice(cast, platform):
    scenario = a_scenario()
    opt_out_set(person=cast.person, scenario=scenario, channel="sms", out=True)
    notice(cast, period="a")
    assert sms_of(cast).state == DeliveryState.OPTED_OUT
    assert Delivery.objects.get(channel="inbox").state == DeliveryState.DELIVERED
    assert delivery.deliver_due(now=at(10)) == {}
    assert platform.requests == []

    required = a_scenario("required", legally_required=True, trigger_name="tests.rule.applied")
    with pytest.raises(ValidationFailed):
        opt_out_set(person=cast.person, scenario=required, channel="sms", out=True)
    opt_out_set(person=cast.person, scenario=None, channel="sms", out=True)  # out of everything by text
    events.publish("tests.rule.applied", person_id=cast.person.pk, period="b", month="2026-11")
    legal = Delivery.objects.get(notice__scenario=required, channel="sms")
    assert legal.state == DeliveryState.PENDING
    assert delivery.deliver_due(now=at(10))["sent"] == 1


def test_a_person_gets_at_most_the_days_limit_the_rest_waits(cast, platform, settings):
    settings.NOTIFY = {**settings.NOTIFY, "PER_PERSON_PER_DAY": 2}
    a_scenario(channels=("sms",))
    for period in ("a", "b", "c"):
        notice(cast, period=period)
    assert delivery.deliver_due(now=at(10)) == {"sent": 2, "limited": 1, "text_delivered": 2}
    waiting = Delivery.objects.get(state=DeliveryState.PENDING)
    assert waiting.attempts == 0 and waiting.next_attempt_at == at(11)
    assert len(platform.requests) == 2


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_e_mail_goes_through_smtp_and_is_retried_while_the_server_is_down(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    Contact.objects.create(person=cast.person, email="li.xiuying@example.cn", language="en")
    a_scenario(channels=("email",))
    notice(cast)
    assert delivery.deliver_due(now=at(10)) == {"pending": 1}  # nobody listens on the port yet
    row = Delivery.objects.get(channel="email")
    assert row.state == DeliveryState.PENDING and row.attempts == 1 and "ConnectionRefused" in row.last_error
    assert delivery.deliver_due(now=at(10, 0, day=3) + timedelta(seconds=30)) == {}  # backing off
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    controller.start()
    try:
        assert delivery.deliver_due(now=timezone.now() + timedelta(minutes=2)) == {"delivered": 1}
    finally:
        controller.stop()
    assert len(handler.messages) == 1
    mail = handler.messages[0]
    assert mail.rcpt_tos == ["li.xiuying@example.cn"]
    assert "done for 2026-11" in mail.content.decode()  # in the language the person chose
    assert Delivery.objects.get(channel="email").state == DeliveryState.DELIVERED


def test_e_mail_that_keeps_failing_ends_failed_and_falls_back_to_the_inbox(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    Contact.objects.create(person=cast.person, email="li.xiuying@example.cn")
    a_scenario(channels=("email",))
    notice(cast)
    now = timezone.now()
    for day in range(delivery.MAX_ATTEMPTS):
        delivery.deliver_due(now=now + timedelta(days=day))
    row = Delivery.objects.get(channel="email")
    assert row.state == DeliveryState.FAILED and row.attempts == delivery.MAX_ATTEMPTS
    assert Delivery.objects.get(is_fallback=True).channel == "inbox"
    assert TextMessage.objects.count() == 0


def test_a_phone_no_text_can_reach_fails_at_once_and_falls_back(cast, platform):
    cast.person.phone = "12"
    cast.person.save()
    a_scenario(channels=("sms",))
    notice(cast)
    assert delivery.deliver_due(now=at(10)) == {"failed": 1}
    assert Delivery.objects.get(channel="sms").state == DeliveryState.FAILED
    assert Delivery.objects.get(is_fallback=True).channel == "inbox"
    assert platform.requests == []
