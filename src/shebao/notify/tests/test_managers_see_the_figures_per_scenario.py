"""Managers see per scenario: notices, sent, delivered, failed, opted out; others are refused."""

import pytest

from shebao.core import events
from shebao.notify.models import Delivery, DeliveryState
from shebao.notify.services import opt_out_set
from shebao.notify.tests.helpers import a_scenario
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


def test_a_manager_sees_sent_delivered_failed_and_opted_out(client, cast):
    scenario = a_scenario()
    events.publish("tests.thing.happened", person_id=cast.person.pk, period="a", month="2026-10")
    opt_out_set(person=cast.person, scenario=scenario, channel="sms", out=True)
    events.publish("tests.thing.happened", person_id=cast.person.pk, period="b", month="2026-11")
    Delivery.objects.filter(notice__period="a", channel="sms").update(state=DeliveryState.FAILED)
    page = signed_in(client, cast.manager).get("/notices/figures/")
    assert page.status_code == 200
    row = next(r for r in page.context["rows"] if r["code"] == "test_notice")
    assert (row["notice_count"], row["sent"], row["delivered"], row["failed"], row["opted_out"]) == (
        2,
        3,
        2,
        1,
        1,
    )
    assert 'data-testid="figures-test_notice"' in page.content.decode()


def test_a_teller_and_an_outsider_reviewer_without_the_role_are_refused(client, cast):
    for user in (cast.teller, cast.reviewer):
        assert signed_in(client, user).get("/notices/figures/").status_code == 403
