"""Events between apps: subscribers hear what they subscribed to, in the publisher's transaction."""

import pytest
from django.db import transaction

from shebao.core import events
from shebao.core.models import Agency


@pytest.fixture(autouse=True)
def only_these_subscribers(monkeypatch):
    """The installed apps' subscribers (notify) are not part of what is tested here."""
    from collections import defaultdict

    monkeypatch.setattr(events, "_subscribers", defaultdict(list))


@pytest.fixture
def heard():
    got: list[events.Event] = []

    def handler(event):
        got.append(event)

    events.subscribe("records.benefit.paid", handler)
    yield got
    events.unsubscribe("records.benefit.paid", handler)


def test_a_subscriber_hears_its_event_with_its_data(heard):
    events.publish("records.benefit.paid", person_id=7, month="2026-11", amount="3479.14")
    assert [(e.name, e.person_id, e.data) for e in heard] == [
        ("records.benefit.paid", 7, {"month": "2026-11", "amount": "3479.14"})
    ]


def test_a_subscriber_does_not_hear_other_events(heard):
    events.publish("cases.case.decided", person_id=7)
    assert heard == []


def test_subscribing_twice_is_hearing_once(heard):
    events.subscribe("records.benefit.paid", heard.append)
    events.subscribe("records.benefit.paid", heard.append)
    try:
        events.publish("records.benefit.paid", person_id=1)
    finally:
        events.unsubscribe("records.benefit.paid", heard.append)
    assert len(heard) == 2  # the fixture's handler and heard.append, once each


def test_a_name_that_is_not_app_noun_verb_is_refused():
    with pytest.raises(ValueError):
        events.publish("benefit paid")
    with pytest.raises(ValueError):
        events.subscribe("records.paid", lambda e: None)


@pytest.mark.django_db(transaction=True)
def test_what_a_subscriber_writes_is_rolled_back_with_the_publisher():
    def write(event):
        Agency.objects.create(code="EV0001", name="事件测试", level="district")

    events.subscribe("cases.case.decided", write)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            events.publish("cases.case.decided", person_id=1)
            raise RuntimeError("the publisher fails after publishing")
    finally:
        events.unsubscribe("cases.case.decided", write)
    assert not Agency.objects.filter(code="EV0001").exists()
