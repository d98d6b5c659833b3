"""Overdue past the grace period, and told, a recipient's payment is suspended; a later certification
resumes it and the held months become one back-pay line. A recipient who is merely missing is never
treated as dead."""

from datetime import date
from decimal import Decimal

import pytest

from shebao.certification.cycle import cycle_run, cycle_state
from shebao.certification.models import Cycle, Death, Suspension
from shebao.certification.services import certification_record
from shebao.certification.states import CycleState, Method
from shebao.certification.tests.helpers import pension_months
from shebao.core.models import AuditEntry
from shebao.people.models import Recipient
from shebao.records.models import BenefitPayment

pytestmark = pytest.mark.django_db
MONTHLY = Decimal("3268.50")


@pytest.fixture
def pension(cast):
    """李秀英's pension, due for certification on 2026-03-31; January to March paid, April and May due."""
    recipient = Recipient.objects.get(person=cast.person)
    recipient.next_certification_due = date(2026, 3, 31)
    recipient.save()
    pension_months(recipient, last_month=5, paid_through=3)
    return recipient


def fresh(recipient) -> Recipient:
    return Recipient.objects.get(pk=recipient.pk)


def test_the_cycle_states_follow_the_due_date(pension):
    assert cycle_state(pension, date(2025, 12, 1)) == CycleState.CERTIFIED
    assert cycle_state(pension, date(2026, 2, 1)) == CycleState.DUE_SOON  # 58 days before
    assert cycle_state(pension, date(2026, 4, 1)) == CycleState.OVERDUE


def test_overdue_is_noted_once_and_payment_is_held_only_after_grace_and_notice(pension):
    assert cycle_run(date(2026, 4, 1)) == {"noticed": 1, "suspended": 0}
    assert cycle_run(date(2026, 4, 2)) == {"noticed": 0, "suspended": 0}  # told once per due date
    assert cycle_run(date(2026, 4, 30)) == {"noticed": 0, "suspended": 0}  # still in the grace period
    assert cycle_run(date(2026, 5, 5)) == {"noticed": 0, "suspended": 1}
    recipient = fresh(pension)
    assert recipient.status == "suspended"
    suspension = Suspension.objects.get()
    assert suspension.from_month == date(2026, 4, 1)  # April was due, not yet paid: held from April
    held = BenefitPayment.objects.filter(recipient=recipient, state="held")
    assert {line.month for line in held} == {date(2026, 4, 1), date(2026, 5, 1)}
    assert cycle_run(date(2026, 5, 6)) == {"noticed": 0, "suspended": 0}  # not suspended twice
    assert AuditEntry.objects.filter(action="certification.benefit.suspended").count() == 1


def test_no_suspension_without_a_notice_long_enough_before(pension):
    # The job first sees her long overdue: it tells her now, and suspends only ten days later.
    assert cycle_run(date(2026, 8, 1)) == {"noticed": 1, "suspended": 0}
    assert cycle_run(date(2026, 8, 10)) == {"noticed": 1 - 1, "suspended": 0}
    assert cycle_run(date(2026, 8, 11)) == {"noticed": 0, "suspended": 1}


def test_a_later_certification_resumes_payment_with_one_back_pay_line(pension):
    cycle_run(date(2026, 4, 1))
    cycle_run(date(2026, 5, 5))
    certification_record(recipients=[fresh(pension)], day=date(2026, 7, 20), method=Method.FACE, fields={})
    recipient = fresh(pension)
    assert recipient.status == "active"
    assert recipient.next_certification_due == date(2027, 7, 20)
    [back_pay] = BenefitPayment.objects.filter(recipient=recipient, part="back_pay")
    # April and May: their held lines (3,268.50 each); June: no line yet, the monthly amount.
    assert back_pay.amount == MONTHLY * 3
    assert back_pay.month == date(2026, 7, 1) and back_pay.state == "due"
    assert back_pay.note == "补发2026-04至2026-06共3个月"
    suspension = Suspension.objects.get()
    assert suspension.back_pay == MONTHLY * 3 and suspension.back_pay_months == 3
    assert Cycle.objects.get(recipient=recipient).last_method == "face"


def test_certified_in_the_month_it_was_suspended_there_is_nothing_to_pay_back(pension):
    cycle_run(date(2026, 4, 1))
    cycle_run(date(2026, 5, 5))
    BenefitPayment.objects.filter(month=date(2026, 4, 1)).update(state="paid")  # April paid before the hold
    Suspension.objects.update(from_month=date(2026, 5, 1))
    certification_record(recipients=[fresh(pension)], day=date(2026, 5, 20), method=Method.FACE, fields={})
    assert not BenefitPayment.objects.filter(part="back_pay").exists()
    # May's held lines are due again: May is paid in the normal run.
    assert set(BenefitPayment.objects.filter(month=date(2026, 5, 1)).values_list("state", flat=True)) == {
        "due"
    }


def test_a_missing_recipient_is_suspended_never_stopped(pension):
    for day in (date(2026, 4, 1), date(2026, 5, 5), date(2027, 5, 5), date(2030, 1, 1)):
        cycle_run(day)
    recipient = fresh(pension)
    assert recipient.status == "suspended"
    assert not Death.objects.exists()
    assert cycle_state(recipient, date(2030, 1, 1)) == CycleState.SUSPENDED


def test_suspension_and_resumption_are_published_for_the_notices(pension, monkeypatch):
    from shebao.core import events

    seen = []
    monkeypatch.setattr(events, "_subscribers", {"*": [seen.append]})
    cycle_run(date(2026, 4, 1))
    cycle_run(date(2026, 5, 5))
    certification_record(recipients=[fresh(pension)], day=date(2026, 7, 20), method=Method.FACE, fields={})
    names = [e.name for e in seen]
    assert names == [
        "certification.recipient.overdue", "certification.benefit.suspended",
        "certification.recipient.certified", "certification.benefit.resumed",
    ]  # fmt: skip
    resumed = seen[-1]
    assert resumed.data["back_pay"] == str(MONTHLY * 3) and resumed.person_id == pension.person_id
