"""What certification does to payment (暂停发放 / 恢复发放 / 补发 / 追回): suspension holds the months from
now on; a later certification resumes payment and pays the held months back as one line; evidence of death
stops payment at once and opens the recovery of every month paid after the month of death.

The month of death is paid in full (common practice: the pension stops from the month after death), so the
recovery counts the months whose first day is after the death."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.certification.cycle import first_of_month
from shebao.certification.models import Death, Recovery, Repayment, Suspension
from shebao.certification.policy import policy
from shebao.certification.states import RECOVERY_STEPS, RecoveryState, check_step
from shebao.core import events
from shebao.core.audit import log_action
from shebao.core.errors import NotAllowed, ValidationFailed
from shebao.people.models import Recipient, RecipientStatus
from shebao.records.models import BatchKind, BenefitPayment, ImportBatch, PaymentPart, PaymentState
from shebao.records.selectors import add_months

ZERO = Decimal("0.00")
FEN = Decimal("0.01")
REASONS = {
    "overdue": "资格认证逾期未认证",
    "death": "收到死亡信息",
}


def months_between(first: date, end: date) -> list[date]:
    """The first days of the months from `first` up to, not including, `end`'s month."""
    months, month = [], first_of_month(first)
    while month < first_of_month(end):
        months.append(month)
        month = add_months(month, 1)
    return months


def _ledger_batch(label: str) -> ImportBatch:
    """Payment lines need a batch: certification's own, one per action (the label makes it unique)."""
    digest = hashlib.sha256(f"certification:{label}".encode()).hexdigest()
    batch, _created = ImportBatch.objects.get_or_create(
        sha256=digest,
        defaults={
            "file_name": f"certification {label}",
            "kind": BatchKind.PAYMENTS,
            "applied_at": timezone.now(),
        },
    )
    return batch


def _first_unpaid_month(recipient: Recipient, day: date) -> date:
    """This month (the next, if this one is paid already), or an earlier month still unpaid after the
    certification fell due: the recipient was entitled up to the due date, not after it."""
    month = first_of_month(day)
    if recipient.payments.filter(month=month, state=PaymentState.PAID).exists():
        month = add_months(month, 1)
    due = recipient.next_certification_due
    if due is not None:
        unpaid = (
            recipient.payments.filter(month__gt=due, month__lt=month, state=PaymentState.DUE)
            .order_by("month")
            .values_list("month", flat=True)
            .first()
        )
        month = unpaid or month
    return month


def benefit_suspend(*, recipient: Recipient, day: date, reason: str, actor=None) -> Suspension:
    """Hold payment from the first month not yet paid. Lines already due for those months are held."""
    if recipient.status != RecipientStatus.ACTIVE:
        raise ValidationFailed(_("Only a recipient being paid can be suspended."))
    from_month = _first_unpaid_month(recipient, day)
    suspension = Suspension.objects.create(recipient=recipient, from_month=from_month, reason=REASONS[reason])
    recipient.payments.filter(month__gte=from_month, state=PaymentState.DUE).update(state=PaymentState.HELD)
    recipient.status = RecipientStatus.SUSPENDED
    recipient.save(update_fields=["status"])
    log_action("certification.benefit.suspended", actor=actor, obj=recipient,
               data={"from_month": f"{from_month:%Y-%m}", "reason": reason})  # fmt: skip
    events.publish("certification.benefit.suspended", person_id=recipient.person_id,
                   period=f"{from_month:%Y-%m}", reason=suspension.reason)  # fmt: skip
    return suspension


def held_amount(recipient: Recipient, months: list[date]) -> Decimal:
    """Each held month's held lines, or the monthly amount for a month the ledger has no line for yet."""
    held: dict[date, Decimal] = defaultdict(lambda: ZERO)
    lines = recipient.payments.filter(month__in=months, state=PaymentState.HELD).exclude(
        part=PaymentPart.DEDUCTION
    )
    for line in lines:
        held[line.month] += line.amount
    listed = set(recipient.payments.filter(month__in=months).values_list("month", flat=True))
    return sum((held[m] if m in listed else recipient.monthly_amount for m in months), ZERO)


def benefit_resume(*, recipient: Recipient, day: date, actor=None) -> Suspension | None:
    """After a certification: pay again from this month; the months held before it are one back-pay line."""
    suspension = recipient.suspensions.filter(resumed_at__isnull=True).first()
    if suspension is None:
        return None
    resume_month = first_of_month(day)
    months = months_between(suspension.from_month, resume_month)
    amount = held_amount(recipient, months)
    recipient.payments.filter(month__gte=resume_month, state=PaymentState.HELD).update(state=PaymentState.DUE)
    if amount > 0:
        note = f"补发{months[0]:%Y-%m}至{months[-1]:%Y-%m}共{len(months)}个月"
        line, created = BenefitPayment.objects.get_or_create(
            recipient=recipient, month=resume_month, part=PaymentPart.BACK_PAY,
            defaults={"amount": amount, "state": PaymentState.DUE, "note": note,
                      "batch": _ledger_batch(f"resume {suspension.pk}")},
        )  # fmt: skip
        if not created:  # a second resumption in one month adds to the line
            line.amount += amount
            line.note = f"{line.note}；{note}"[:200]
            line.save(update_fields=["amount", "note"])
    suspension.resumed_at, suspension.resume_month = timezone.now(), resume_month
    suspension.back_pay, suspension.back_pay_months = amount, len(months)
    suspension.save(update_fields=["resumed_at", "resume_month", "back_pay", "back_pay_months"])
    recipient.status = RecipientStatus.ACTIVE
    recipient.save(update_fields=["status"])
    log_action("certification.benefit.resumed", actor=actor, obj=recipient,
               data={"back_pay": str(amount), "months": len(months)})  # fmt: skip
    events.publish("certification.benefit.resumed", person_id=recipient.person_id,
                   period=f"{resume_month:%Y-%m}", back_pay=str(amount))  # fmt: skip
    return suspension


def paid_after_death(recipient: Recipient, died_on: date) -> tuple[list[date], Decimal]:
    """The months paid whose first day is after the death, and what was paid for them."""
    start = add_months(first_of_month(died_on), 1)
    lines = recipient.payments.filter(month__gte=start, state=PaymentState.PAID)
    months = sorted(set(lines.values_list("month", flat=True)))
    return months, lines.aggregate(total=Sum("amount"))["total"] or ZERO


def death_record(*, recipient: Recipient, died_on: date, source: str, reference: str = "", actor=None,
                 staff=None, run=None) -> Death:  # fmt: skip
    """Stop payment at once and open the recovery of what was paid after the death (if anything was).
    A second record of the same death changes nothing."""
    existing = Death.objects.filter(recipient=recipient).first()
    if existing is not None:
        return existing
    death = Death.objects.create(
        recipient=recipient, died_on=died_on, source=source, reference=reference, recorded_by=staff, run=run
    )
    open_suspension = recipient.suspensions.filter(resumed_at__isnull=True)
    open_suspension.update(resumed_at=timezone.now(), back_pay=ZERO)  # a suspension ends in the stop
    recipient.payments.filter(month__gt=died_on, state=PaymentState.DUE).update(state=PaymentState.HELD)
    recipient.status = RecipientStatus.STOPPED
    recipient.save(update_fields=["status"])
    months, amount = paid_after_death(recipient, died_on)
    if amount > 0:
        Recovery.objects.create(death=death, months=[f"{m:%Y-%m}" for m in months], amount=amount)
    log_action("certification.benefit.stopped", actor=actor, obj=recipient,
               data={"died_on": died_on.isoformat(), "source": source,
                     "to_recover": str(amount)})  # fmt: skip
    events.publish("certification.benefit.stopped", person_id=recipient.person_id, period=died_on.isoformat())
    return death


def instalment_plan(amount: Decimal, count: int) -> list[Decimal]:
    """Equal instalments to the fen, the first carrying the remainder, summing to the amount exactly."""
    if count < 1:
        raise ValueError("at least one instalment")
    each = (amount / count).quantize(FEN, rounding=ROUND_DOWN)
    return [amount - each * (count - 1), *[each] * (count - 1)]


def recovery_set_instalments(*, recovery: Recovery, count: int, staff, actor=None) -> Recovery:
    if not 1 <= count <= policy().recovery_instalments_max:
        raise ValidationFailed(fields={"instalments": _("Choose between 1 and %(n)d instalments.")
                                       % {"n": policy().recovery_instalments_max}})  # fmt: skip
    check_step(RECOVERY_STEPS, recovery.state, RecoveryState.REPAYING)
    recovery.instalments, recovery.state = count, RecoveryState.REPAYING
    recovery.save(update_fields=["instalments", "state"])
    log_action("certification.recovery.instalments_set", actor=actor, obj=recovery, data={"count": count})
    return recovery


def recovery_repay(*, recovery: Recovery, amount: Decimal, paid_on: date, staff, actor=None) -> Recovery:
    if amount <= 0 or amount > recovery.balance:
        raise ValidationFailed(
            fields={"amount": _("Enter an amount above zero and at most what is still owed.")}
        )
    target = RecoveryState.REPAID if amount == recovery.balance else RecoveryState.REPAYING
    check_step(RECOVERY_STEPS, recovery.state, target)
    Repayment.objects.create(recovery=recovery, amount=amount, paid_on=paid_on, recorded_by=staff)
    recovery.repaid += amount
    recovery.state = target
    recovery.save(update_fields=["repaid", "state"])
    log_action("certification.recovery.repaid", actor=actor, obj=recovery, data={"amount": str(amount)})
    return recovery


def recovery_propose_write_off(*, recovery: Recovery, reason: str, staff, actor=None) -> Recovery:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(fields={"reason": _("Say why the amount cannot be recovered.")})
    check_step(RECOVERY_STEPS, recovery.state, RecoveryState.WRITE_OFF_PROPOSED)
    recovery.state_before_proposal, recovery.state = recovery.state, RecoveryState.WRITE_OFF_PROPOSED
    recovery.write_off_reason, recovery.proposed_by = reason[:300], staff
    recovery.save(update_fields=["state_before_proposal", "state", "write_off_reason", "proposed_by"])
    log_action("certification.recovery.write_off_proposed", actor=actor, obj=recovery)
    return recovery


def recovery_decide_write_off(*, recovery: Recovery, approve: bool, staff, actor=None) -> Recovery:
    """Separation of duties: the approver is never the member of staff who proposed the write-off."""
    if recovery.proposed_by_id == staff.pk:
        raise NotAllowed(
            _("The write-off must be approved by someone other than the person who proposed it.")
        )
    target = RecoveryState.WRITTEN_OFF if approve else recovery.state_before_proposal
    check_step(RECOVERY_STEPS, recovery.state, target)
    recovery.state = target
    recovery.approved_by = staff if approve else None
    recovery.save(update_fields=["state", "approved_by"])
    log_action("certification.recovery." + ("written_off" if approve else "write_off_refused"), actor=actor,
               obj=recovery)  # fmt: skip
    return recovery
