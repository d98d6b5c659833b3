"""A new employer gets a welcome (seed 001: 新参保单位欢迎): registered at a window, its handling staff
is texted the first steps and finds them in their inbox, and the employer's own notices, read in the
handling staff's portal, start with it. Once: the same registration sent again says nothing more."""

import pytest

from shebao.notify.models import Delivery, Notice
from shebao.people import services
from shebao.people.tests.citizen_helpers import sign_in
from shebao.testing import under_agreement

pytestmark = pytest.mark.django_db
HANDLER = services.Handler("钱经办", "resident_id", "500103198001011238", "13900002222")
CODE = "91500105MA60XY1235"


@pytest.fixture(autouse=True)
def _bank_point_under_agreement(cast):
    under_agreement(cast)  # the cast's teller works at a bank point, under an agreement


def _register(cast):
    return services.employer_register(
        user=cast.teller, credit_code=CODE, name="重庆江北新材料有限公司", address="", handler=HANDLER
    )


def test_the_handling_staff_is_welcomed_by_text_and_in_both_inboxes(client, cast, seeded):
    employer, _ = _register(cast)
    notice = Notice.objects.get(scenario__code="employer_welcome")
    assert notice.person.name == "钱经办" and notice.period == CODE
    sms = Delivery.objects.get(notice=notice, channel="sms")
    assert sms.address == "13900002222" and employer.name in sms.body and "30日内" in sms.body
    to_employer = Delivery.objects.get(notice=notice, audience="employer")
    assert to_employer.employer == employer and "钱经办" not in to_employer.body  # masked on shared screens

    sign_in(client, HANDLER.number, HANDLER.phone)
    mine = client.get("/notices/inbox/").content.decode()
    assert "欢迎参加社会保险" in mine
    page = client.get("/notices/employer/")
    assert [d.employer for d in page.context["notices"]] == [employer]
    assert employer.name in page.content.decode()


def test_the_same_registration_again_welcomes_nobody_twice(cast, seeded):
    _register(cast)
    _register(cast)
    assert Notice.objects.filter(scenario__code="employer_welcome").count() == 1
    assert Delivery.objects.filter(notice__scenario__code="employer_welcome", channel="sms").count() == 1
