"""Certified / benefit stopped: a certification (by device, a relative or silently) is confirmed to the
person and their relatives; a stop on a death goes to the relatives and the home agency, never to the
dead person's own phone, and no opt-out holds it back (legally required)."""

from datetime import date

import pytest

from shebao.certification.payments import death_record
from shebao.certification.tests.helpers import pension_months
from shebao.core import events
from shebao.notify.models import Delivery, Notice
from shebao.notify.services import opt_out_set
from shebao.people.citizen_models import ProxyBinding
from shebao.people.models import Recipient
from shebao.people.tests.citizen_helpers import person_with_phone

pytestmark = pytest.mark.django_db


@pytest.fixture
def son(cast):
    """李秀英's son, bound to act for her."""
    son = person_with_phone("李强", "110105199003071235", "13900001111")
    ProxyBinding.objects.create(proxy=son, principal=cast.person, relation="child", consent="sms")
    return son


def test_a_certification_is_confirmed_once_per_day_to_the_person_and_relatives(cast, seeded, son):
    for _ in range(2):  # a device retry or a silent re-run publishes again: one notice
        events.publish("certification.recipient.certified", person_id=cast.person.pk, period="2026-12-03",
                       method="device")  # fmt: skip
    notice = Notice.objects.get(scenario__code="certification_done")
    sms = Delivery.objects.filter(notice=notice, channel="sms")
    assert sorted(d.person_id for d in sms) == sorted([cast.person.pk, son.pk])
    assert all("2026-12-03" in d.body for d in sms)


def test_a_stop_reaches_the_relatives_whatever_they_opted_out_of(cast, seeded, son):
    opt_out_set(person=son, scenario=None, channel="sms", out=True)
    events.publish("certification.benefit.stopped", person_id=cast.person.pk, period="2026-03-15")
    sms = Delivery.objects.filter(notice__scenario__code="benefit_stopped", channel="sms")
    assert [d.person_id for d in sms] == [son.pk]
    assert sms.get().state == "pending"


def test_a_death_record_tells_the_relatives_not_the_dead_persons_phone(cast, seeded, son):
    recipient = Recipient.objects.get(person=cast.person)
    pension_months(recipient, last_month=7, paid_through=6)
    death_record(recipient=recipient, died_on=date(2026, 3, 15), source="civil_affairs")
    told = Delivery.objects.filter(notice__scenario__code="benefit_stopped", channel="sms")
    assert [d.person_id for d in told] == [son.pk]
    assert "2026-03-15" in told.get().body
