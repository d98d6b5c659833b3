"""Evidence of death stops payment at once and opens the recovery of every month paid after the month of
death: the amounts, instalments to the fen, repayments, and a write-off only by a second person."""

from datetime import date
from decimal import Decimal

import pytest

from shebao.certification.models import Recovery
from shebao.certification.payments import (
    death_record,
    instalment_plan,
    recovery_decide_write_off,
    recovery_propose_write_off,
    recovery_repay,
    recovery_set_instalments,
)
from shebao.certification.tests.helpers import pension_months
from shebao.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from shebao.people.models import Recipient
from shebao.records.models import BenefitPayment

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_until_june(cast):
    recipient = Recipient.objects.get(person=cast.person)
    pension_months(recipient, last_month=7, paid_through=6)
    return recipient


def test_death_stops_payment_and_counts_the_months_paid_after_it(paid_until_june):
    death = death_record(recipient=paid_until_june, died_on=date(2026, 3, 15), source="civil_affairs")
    recipient = Recipient.objects.get(pk=paid_until_june.pk)
    assert recipient.status == "stopped"
    recovery = death.recovery
    # The month of death is paid in full; April, May and June were paid after it.
    assert recovery.months == ["2026-04", "2026-05", "2026-06"]
    assert recovery.amount == Decimal("3268.50") * 3
    assert set(BenefitPayment.objects.filter(month=date(2026, 7, 1)).values_list("state", flat=True)) == {
        "held"
    }


def test_a_death_on_the_last_day_of_a_month_recovers_from_the_next(paid_until_june):
    death = death_record(recipient=paid_until_june, died_on=date(2026, 5, 31), source="hospital")
    assert death.recovery.months == ["2026-06"]


def test_a_second_record_of_the_same_death_changes_nothing(paid_until_june):
    first = death_record(recipient=paid_until_june, died_on=date(2026, 3, 15), source="civil_affairs")
    again = death_record(recipient=paid_until_june, died_on=date(2026, 2, 1), source="public_security")
    assert again == first and Recovery.objects.count() == 1


def test_nothing_paid_after_the_death_opens_no_recovery(paid_until_june):
    death = death_record(recipient=paid_until_june, died_on=date(2026, 6, 10), source="civil_affairs")
    assert not Recovery.objects.filter(death=death).exists()


@pytest.mark.parametrize(
    ("amount", "count"),
    [(Decimal("9805.50"), 4), (Decimal("100.00"), 3), (Decimal("0.05"), 1), (Decimal("1000.01"), 24)],
)
def test_instalments_add_up_to_the_fen(amount, count):
    plan = instalment_plan(amount, count)
    assert len(plan) == count and sum(plan) == amount
    assert max(plan) - min(plan) < Decimal("0.01") * count
    assert all(p == p.quantize(Decimal("0.01")) for p in plan)


def test_repayments_in_instalments_until_repaid(cast, paid_until_june):
    from shebao.core.permissions import staff_of

    reviewer = staff_of(cast.reviewer)
    recovery = death_record(
        recipient=paid_until_june, died_on=date(2026, 3, 15), source="civil_affairs"
    ).recovery
    recovery_set_instalments(recovery=recovery, count=4, staff=reviewer)
    plan = instalment_plan(recovery.amount, 4)
    assert plan[0] == Decimal("2451.39") and plan[1:] == [Decimal("2451.37")] * 3
    for part in plan:
        recovery_repay(recovery=recovery, amount=part, paid_on=date(2026, 8, 1), staff=reviewer)
    recovery.refresh_from_db()
    assert recovery.state == "repaid" and recovery.balance == 0
    with pytest.raises(ValidationFailed):
        recovery_repay(recovery=recovery, amount=Decimal("1.00"), paid_on=date(2026, 9, 1), staff=reviewer)


def test_more_than_is_owed_is_refused(cast, paid_until_june):
    from shebao.core.permissions import staff_of

    recovery = death_record(
        recipient=paid_until_june, died_on=date(2026, 3, 15), source="civil_affairs"
    ).recovery
    with pytest.raises(ValidationFailed):
        recovery_repay(recovery=recovery, amount=recovery.amount + 1, paid_on=date(2026, 8, 1),
                       staff=staff_of(cast.reviewer))  # fmt: skip


def test_a_write_off_needs_a_second_person(cast, paid_until_june):
    from shebao.core.permissions import staff_of

    approver = staff_of(cast.approver)
    recovery = death_record(
        recipient=paid_until_june, died_on=date(2026, 3, 15), source="civil_affairs"
    ).recovery
    recovery_propose_write_off(recovery=recovery, reason="家属无力偿还，经核实", staff=approver)
    with pytest.raises(NotAllowed):
        recovery_decide_write_off(recovery=recovery, approve=True, staff=approver)
    recovery.refresh_from_db()
    assert recovery.state == "write_off_proposed"
    other = staff_of(cast.reviewer)
    recovery_decide_write_off(recovery=recovery, approve=True, staff=other)
    assert Recovery.objects.get().state == "written_off"


def test_a_refused_write_off_goes_back_and_a_written_off_one_cannot_be_repaid(cast, paid_until_june):
    from shebao.core.permissions import staff_of

    reviewer, approver = staff_of(cast.reviewer), staff_of(cast.approver)
    recovery = death_record(
        recipient=paid_until_june, died_on=date(2026, 3, 15), source="civil_affairs"
    ).recovery
    recovery_propose_write_off(recovery=recovery, reason="无遗产", staff=reviewer)
    recovery_decide_write_off(recovery=recovery, approve=False, staff=approver)
    assert Recovery.objects.get().state == "open"
    recovery_propose_write_off(recovery=recovery, reason="无遗产", staff=reviewer)
    recovery_decide_write_off(recovery=recovery, approve=True, staff=approver)
    with pytest.raises(InvalidTransition):
        recovery_repay(recovery=recovery, amount=Decimal("1.00"), paid_on=date(2026, 9, 1), staff=reviewer)


def test_after_a_death_a_device_attestation_is_refused(client, cast, paid_until_june, device):
    from shebao.certification.tests.conftest import attest

    death_record(recipient=paid_until_june, died_on=date(2026, 3, 15), source="civil_affairs")
    response = attest(client, device)
    assert response.status_code == 422 and response.json()["error"]["code"] == "deceased"
