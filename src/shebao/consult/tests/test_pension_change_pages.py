"""Why did my pension change, through the pages: the recipient and a relative bound to act for them in
the portal, staff of the home agency answering a call (audited); a stranger and another district refused."""

from datetime import date
from decimal import Decimal

import pytest

from shebao.core.models import AuditEntry
from shebao.people.models import ProxyBinding
from shebao.people.tests.citizen_helpers import person_with_phone, sign_in
from shebao.records.tests.helpers import a_batch, a_payment
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def payments(cast):
    recipient = cast.person.benefits.first()
    batch = a_batch("payments.csv", kind="payments")
    for month in (date(2025, 12, 1), date(2026, 1, 1)):
        a_payment(recipient, batch, month=month, part="basic_part", amount=Decimal("2400.00"))
    a_payment(recipient, batch, month=date(2026, 1, 1), part="adjustment", amount=Decimal("69.58"))
    return recipient


def test_a_bound_relative_sees_why_their_mother_s_pension_changed(client, cast, payments):
    child = person_with_phone("李小明", "500103198005151238", "13900001111")
    ProxyBinding.objects.create(proxy=child, principal=cast.person, relation="child", consent="window")
    sign_in(client, "500103198005151238", "13900001111")
    assert 'data-testid="pension-change-panel"' in client.get("/my/").content.decode()
    page = client.get("/consult/my-pension/", {"person": cast.person.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="reason-adjustment"' in body and "69.58" in body
    assert "2469.58" in body  # January's total


def test_a_stranger_asking_for_someone_else_sees_only_themself(client, cast, payments):
    person_with_phone("王五", "500103198005151262", "13900002222")
    sign_in(client, "500103198005151262", "13900002222")
    assert 'data-testid="pension-change-panel"' not in client.get("/my/").content.decode()
    body = client.get("/consult/my-pension/", {"person": cast.person.pk}).content.decode()
    assert 'data-testid="no-payments"' in body and "69.58" not in body


def test_staff_of_the_home_agency_see_it_audited_and_another_district_does_not(client, cast, payments):
    signed_in(client, cast.reviewer)
    page = client.get(f"/consult/staff/pension/{cast.person.pk}/")
    assert page.status_code == 200 and 'data-testid="reason-adjustment"' in page.content.decode()
    assert AuditEntry.objects.filter(action="people.person.viewed", data__via="pension change").exists()
    signed_in(client, cast.outsider)
    assert client.get(f"/consult/staff/pension/{cast.person.pk}/").status_code == 404
