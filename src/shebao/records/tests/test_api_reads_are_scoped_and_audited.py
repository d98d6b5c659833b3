"""The records API: staff of the person's own agency read (audited), a teller of another district and an
outsider get 404 as for a person who does not exist; a citizen reads their own records and a bound
relative's, never a stranger's."""

from datetime import date
from decimal import Decimal

import pytest

from shebao.core.models import AuditEntry, Role
from shebao.people.models import InsuranceRecord, ProxyBinding
from shebao.people.tests.citizen_helpers import person_with_phone, sign_in
from shebao.records.tests.helpers import a_batch, a_month, a_payment
from shebao.testing import make_staff, signed_in

pytestmark = pytest.mark.django_db
VIEWED = "records.contributionmonth.viewed"


@pytest.fixture
def ledger(cast):
    batch = a_batch()
    for month in (1, 2, 3):
        a_month(cast.person, batch, month=date(2024, month, 1))
    a_month(cast.person, batch, month=date(2024, 4, 1), state="arrears")
    return cast.person


def contributions(client, person, query=""):
    return client.get(f"/api/v1/records/persons/{person.pk}/contributions{query}")


def test_a_reviewer_of_the_home_agency_reads_the_months_with_totals_and_the_read_is_audited(
    client, cast, ledger
):
    response = contributions(signed_in(client, cast.reviewer), ledger, "?from=2024-02&to=2024-12")
    assert response.status_code == 200
    body = response.json()
    assert [m["month"] for m in body["months"]] == ["2024-02", "2024-03", "2024-04"]
    assert body["months"][-1]["state"] == "arrears"
    assert Decimal(body["totals"]["personal_amount"]) == Decimal("1200.00")  # the sum of the lines shown
    # The account as of December 2024: the three paid months of 2024 (400 each, Jan-Mar) and their interest
    # (400 × (12 + 11 + 10) × 2.62% / 12 = 28.82).
    assert body["account"]["as_of"] == "2024-12-31"
    assert Decimal(body["account"]["balance"]) == Decimal("1228.82")
    entry = AuditEntry.objects.get(action=VIEWED)
    assert entry.actor_id == cast.reviewer.pk and entry.object_id == str(ledger.pk)
    assert entry.data == {"from": "2024-02", "to": "2024-12"}


def test_a_teller_at_a_hall_of_the_home_district_reads_them(client, cast, ledger):
    teller = make_staff("hall.teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=cast.yuzhong_hall)
    assert contributions(signed_in(client, teller), ledger).status_code == 200


def test_a_teller_of_another_district_and_an_outsider_are_refused_as_if_nobody_were_there(
    client, cast, ledger
):
    for user in (cast.teller, cast.outsider):
        for kind in ("contributions", "payments"):
            response = signed_in(client, user).get(f"/api/v1/records/persons/{ledger.pk}/{kind}")
            assert response.status_code == 404, (user, kind)
            assert response.json()["error"]["code"] == "not_found"
    assert (
        signed_in(client, cast.reviewer).get("/api/v1/records/persons/999999/contributions").status_code
        == 404
    )
    assert not AuditEntry.objects.filter(action=VIEWED).exists()


def test_anonymous_callers_are_asked_to_sign_in(client, ledger):
    assert contributions(client, ledger).status_code == 401


def test_a_month_that_is_not_yyyy_mm_is_refused_naming_the_parameter(client, cast, ledger):
    response = contributions(signed_in(client, cast.reviewer), ledger, "?from=2024-13")
    assert response.status_code == 422 and "from" in response.json()["error"]["fields"]
    response = contributions(signed_in(client, cast.reviewer), ledger, "?from=2024-05&to=2024-01")
    assert response.status_code == 422 and "to" in response.json()["error"]["fields"]


def test_a_citizen_reads_their_own_records_and_a_bound_relative_s_but_not_a_stranger_s(client, cast, ledger):
    child = person_with_phone("李小明", "500103198005151238", "13900001111")
    InsuranceRecord.objects.create(
        person=child, insurance_type="employee_pension", home_agency=cast.yuzhong, start_date=date(2002, 7, 1)
    )
    stranger = person_with_phone("赵四", "500101197201010013", "13900002222")
    sign_in(client, "500103198005151238", "13900001111")
    assert contributions(client, child).status_code == 200
    assert contributions(client, ledger).status_code == 404  # not bound yet
    assert contributions(client, stranger).status_code == 404
    ProxyBinding.objects.create(proxy=child, principal=ledger, relation="child", consent="window")
    response = contributions(client, ledger)
    assert response.status_code == 200 and len(response.json()["months"]) == 4
    entry = AuditEntry.objects.get(action=VIEWED)  # the proxy's read, not the citizen's own
    assert entry.data["proxy"] == child.pk and entry.object_id == str(ledger.pk)


def test_payments_come_by_month_in_parts_whose_total_is_the_sum_of_the_lines(client, cast):
    recipient, batch = cast.person.benefits.get(), a_batch(kind="payments")
    for part, amount, state in (
        ("basic_part", "1800.00", "paid"),
        ("account_part", "600.00", "paid"),
        ("adjustment", "65.37", "paid"),
        ("deduction", "-120.00", "held"),
    ):
        a_payment(
            recipient,
            batch,
            month=date(2026, 1, 1),
            part=part,
            amount=Decimal(amount),
            state=state,
            account_last4="5678",
        )
    a_payment(recipient, batch, month=date(2025, 12, 1), amount=Decimal("2400.00"), account_last4="5678")
    body = (
        signed_in(client, cast.reviewer)
        .get(f"/api/v1/records/persons/{cast.person.pk}/payments?from=2026-01")
        .json()
    )
    [month] = body["months"]
    assert month["month"] == "2026-01" and month["benefit"] == "employee_pension"
    assert Decimal(month["total"]) == Decimal("2345.37") and Decimal(month["paid"]) == Decimal("2465.37")
    assert {line["bank_account"] for line in month["lines"]} == {"****5678"}
    assert (
        AuditEntry.objects.filter(action="records.benefitpayment.viewed", actor_id=cast.reviewer.pk).count()
        == 1
    )
