"""The yearly cycle: a recipient's state on a day, the due date after a certification, and the daily job
that notices overdue recipients and, after the grace period and a notice, suspends their payment."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from shebao.certification.models import Cycle
from shebao.certification.policy import policy
from shebao.certification.states import CycleState
from shebao.core import events
from shebao.core.audit import log_action
from shebao.people.models import Recipient, RecipientStatus


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of a shorter month: 31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def cycle_state(recipient: Recipient, today: date) -> str:
    if recipient.status == RecipientStatus.STOPPED:
        return CycleState.STOPPED
    if recipient.status == RecipientStatus.SUSPENDED:
        return CycleState.SUSPENDED
    due = recipient.next_certification_due
    if due is None or due - today > timedelta(days=policy().due_soon_days):
        return CycleState.CERTIFIED
    return CycleState.OVERDUE if due < today else CycleState.DUE_SOON


def cycle_of(recipient: Recipient) -> Cycle:
    return Cycle.objects.get_or_create(recipient=recipient)[0]


def overdue_notice(day: date) -> int:
    """Record (once per due date) that each overdue recipient was told; notify's daily
    `certification_overdue` scan sends the text and the inbox notice. Returns how many were noted."""
    noted = 0
    overdue = Recipient.objects.filter(status=RecipientStatus.ACTIVE, next_certification_due__lt=day)
    for recipient in overdue.select_related("cycle"):
        cycle = getattr(recipient, "cycle", None) or cycle_of(recipient)
        if cycle.overdue_noticed_on and cycle.overdue_noticed_on >= recipient.next_certification_due:
            continue
        cycle.overdue_noticed_on = day
        cycle.save(update_fields=["overdue_noticed_on"])
        events.publish(
            "certification.recipient.overdue", person_id=recipient.person_id,
            period=recipient.next_certification_due.isoformat(),
            due=recipient.next_certification_due.isoformat(),
        )  # fmt: skip
        noted += 1
    return noted


def suspensions_due(day: date) -> list[Recipient]:
    """Active recipients overdue past the grace period who were told at least `notice_days` ago."""
    rules = policy()
    latest_due = day - timedelta(days=rules.grace_days)
    told_by = day - timedelta(days=rules.notice_days)
    candidates = Recipient.objects.filter(
        status=RecipientStatus.ACTIVE,
        next_certification_due__lt=latest_due,
        cycle__overdue_noticed_on__lte=told_by,
    ).select_related("cycle")
    return [r for r in candidates if r.cycle.overdue_noticed_on >= r.next_certification_due]


def cycle_run(day: date | None = None) -> dict[str, int]:
    """The daily job: note overdue recipients, then suspend those past the grace period."""
    from shebao.certification.payments import benefit_suspend

    day = day or timezone.localdate()
    noticed = overdue_notice(day)
    suspended = 0
    for recipient in suspensions_due(day):
        with transaction.atomic():
            benefit_suspend(recipient=recipient, day=day, reason="overdue")
        suspended += 1
    if noticed or suspended:
        log_action(
            "certification.cycle.ran",
            data={"day": day.isoformat(), "noticed": noticed, "suspended": suspended},
        )
    return {"noticed": noticed, "suspended": suspended}
