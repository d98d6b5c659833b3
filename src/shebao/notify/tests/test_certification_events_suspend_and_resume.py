"""Benefit suspended / resumed: the scenarios wait for the certification app's events (issue 17); a
suspension is legally required, so an opt-out does not hold it back, and bound relatives are told."""

import pytest

from shebao.core import events
from shebao.notify.models import Delivery, DeliveryState
from shebao.notify.services import opt_out_set
from shebao.people.citizen_models import ProxyBinding
from shebao.people.tests.citizen_helpers import person_with_phone

pytestmark = pytest.mark.django_db


def test_a_suspension_reaches_the_person_and_relatives_whatever_they_opted_out_of(cast, seeded):
    son = person_with_phone("李强", "110105199003071235", "13900001111")
    ProxyBinding.objects.create(proxy=son, principal=cast.person, relation="child", consent="sms")
    opt_out_set(person=cast.person, scenario=None, channel="sms", out=True)
    events.publish("certification.benefit.suspended", person_id=cast.person.pk, period="2026-12",
                   reason="未按时完成资格认证")  # fmt: skip
    sms = Delivery.objects.filter(notice__scenario__code="benefit_suspended", channel="sms")
    assert {d.person_id for d in sms} == {cast.person.pk, son.pk}
    assert all(d.state == DeliveryState.PENDING for d in sms)
    events.publish("certification.benefit.resumed", person_id=cast.person.pk, period="2027-01")
    resumed = Delivery.objects.get(
        notice__scenario__code="benefit_resumed", person=cast.person, channel="sms"
    )
    assert resumed.state == DeliveryState.OPTED_OUT  # not legally required: the opt-out holds
