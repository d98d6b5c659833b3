"""Every change to tickets and windows: one transaction each, permission-checked, audited.

Citizens take tickets without signing in (kiosk, phone after scanning the QR at the entrance); staff
actions need the rules in hall/rules.py.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from shebao.core.idcards import validate_id
from shebao.core.models import Outlet, OutletStatus
from shebao.core.permissions import can, require, staff_of
from shebao.hall import conf
from shebao.hall.caselinks import link_cases_found
from shebao.hall.models import Channel, DailyCounter, ServiceCategory, Ticket, Window
from shebao.hall.opening import refuse_when_closed
from shebao.hall.policy import Priority, WindowSpec, choose_next, priority_for
from shebao.hall.selectors import waiting_for_policy
from shebao.hall.states import TICKET_STEPS, TicketState, check_step

PUBLIC_CHANNELS = frozenset({Channel.KIOSK, Channel.PHONE})
STAFF_PRIORITIES = frozenset(p.value for p in Priority) - {
    Priority.ORDINARY.value,
    Priority.APPOINTMENT.value,
}


def _step(ticket: Ticket, target: str) -> None:
    check_step(TICKET_STEPS, ticket.state, target)
    ticket.state = target


def _category(outlet: Outlet, code: str) -> ServiceCategory:
    category = ServiceCategory.objects.filter(outlet=outlet, code=code, active=True).first()
    if category is None:
        raise ValidationFailed(fields={"category": _("This outlet has no such business category.")})
    return category


def _next_number(category: ServiceCategory, day) -> str:
    """A012: the category's letter and the next number of the day, under a row lock on the counter."""
    DailyCounter.objects.get_or_create(category=category, day=day)
    counter = DailyCounter.objects.select_for_update().get(category=category, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{category.prefix}{counter.last:03d}"


def _birth_date(doc_type: str, doc_number: str):
    if not doc_number:
        return None
    check = validate_id(doc_type or "resident_id", doc_number)
    if not check.valid:
        raise ValidationFailed(fields={"doc_number": check.error})
    return check.birth_date


def ticket_take(
    *,
    outlet: Outlet,
    category_code: str,
    channel: str = Channel.PHONE,
    user=None,
    doc_type: str = "",
    doc_number: str = "",
    declared_priority: str = "",
    triage_note: str = "",
    now: datetime | None = None,
) -> Ticket:
    """Take a ticket. The ID document, if given, is read for the age only and never stored.
    Priority classes other than age (disabled, pregnant, veteran) are confirmed by a guide."""
    now = now or timezone.now()
    if channel not in Channel.values or channel == Channel.APPOINTMENT:
        raise ValidationFailed(fields={"channel": _("Unknown channel.")})
    if outlet.status != OutletStatus.OPEN:
        raise Conflict(_("This outlet is not open."), code="outlet_closed")
    refuse_when_closed(outlet, now)
    staff_action = channel == Channel.GUIDE or declared_priority or triage_note
    if staff_action:
        require(user, "hall.ticket.issue", outlet)
    if declared_priority and declared_priority not in STAFF_PRIORITIES:
        raise ValidationFailed(fields={"priority": _("Unknown priority class.")})
    category = _category(outlet, category_code)
    birth_date = _birth_date(doc_type, doc_number)
    priority = priority_for(
        declared=declared_priority,
        # An outlet that does not offer priority for the elderly (network: Outlet.elderly_priority)
        # still validates the number, so a typo is caught the same everywhere.
        birth_date=birth_date if outlet.elderly_priority else None,
        today=timezone.localdate(now),
        config=conf.policy_config(outlet),
    )
    with transaction.atomic():
        ticket = _create_ticket(outlet, category, channel, priority, triage_note.strip(), now)
        log_action(
            "hall.ticket.taken",
            actor=user if staff_of(user) else None,
            obj=ticket,
            data={"number": ticket.number, "channel": channel, "priority": priority},
        )
    return ticket


def _create_ticket(outlet, category, channel, priority, triage_note, now, **extra) -> Ticket:
    day = timezone.localdate(now)
    return Ticket.objects.create(
        outlet=outlet,
        category=category,
        service_day=day,
        number=_next_number(category, day),
        channel=channel,
        priority=priority,
        triage_note=triage_note,
        taken_at=now,
        **extra,
    )


def window_spec(window: Window) -> WindowSpec:
    codes = frozenset(str(pk) for pk in window.categories.values_list("pk", flat=True))
    return WindowSpec(id=window.pk, categories=codes, comprehensive=window.comprehensive)


def _current(window: Window) -> Ticket | None:
    return Ticket.objects.filter(window=window, state__in=[TicketState.CALLED, TicketState.SERVING]).first()


def call_next(*, user, window: Window, now: datetime | None = None) -> Ticket | None:
    """Call the ticket the policy chooses; None when nobody this window serves is waiting.

    Two windows calling at the same instant never get the same ticket: the choice is locked with
    SKIP LOCKED, and a ticket another window holds is left out and the choice made again.
    """
    profile = require(user, "hall.window.operate", window)
    now = now or timezone.now()
    spec = window_spec(window)
    config = conf.policy_config()
    with transaction.atomic():
        if _current(window) is not None:
            raise Conflict(_("Finish the current ticket or mark it a no-show first."), code="window_busy")
        excluded: set[int] = set()
        for _attempt in range(20):
            waiting = [w for w in waiting_for_policy(window.outlet, now) if w.id not in excluded]
            choice = choose_next(waiting, spec, config)
            if choice is None:
                return None
            ticket = (
                Ticket.objects.select_for_update(skip_locked=True)
                .filter(pk=choice.ticket_id, state=TicketState.WAITING)
                .first()
            )
            if ticket is None:  # another window holds it, or has just called it
                excluded.add(choice.ticket_id)
                continue
            _mark_overtaken([i for i in choice.overtaken if i not in excluded])
            _step(ticket, TicketState.CALLED)
            ticket.window, ticket.called_at, ticket.last_called_at, ticket.call_count = window, now, now, 1
            ticket.served_by = profile
            ticket.save(
                update_fields=["state", "window", "called_at", "last_called_at", "call_count", "served_by"]
            )
            Window.objects.filter(pk=window.pk).update(teller=profile)
            log_action(
                "hall.ticket.called",
                actor=user,
                obj=ticket,
                data={"number": ticket.number, "window": window.number, "overdue": choice.overdue},
            )
            return ticket
    raise Conflict(_("The queue is busy. Please call again."), code="queue_busy")


def _mark_overtaken(ids: list[int]) -> None:
    """Count the overtake for the starvation bound. Rows another window is locking right now are
    skipped rather than waited for (waiting could deadlock two windows); at most one count is lost
    per simultaneous call."""
    if not ids:
        return
    free = list(
        Ticket.objects.select_for_update(skip_locked=True)
        .filter(pk__in=ids, state=TicketState.WAITING)
        .values_list("pk", flat=True)
    )
    Ticket.objects.filter(pk__in=free).update(passed_over=F("passed_over") + 1)


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update(of=("self",)).select_related("window", "outlet").get(pk=ticket.pk)


def _at_window(user, ticket: Ticket) -> None:
    if ticket.window is None:
        raise Conflict(_("This ticket is not at a window."), code="not_at_window")
    require(user, "hall.window.operate", ticket.window)


def ticket_recall(*, user, ticket: Ticket) -> Ticket:
    with transaction.atomic():
        ticket = _locked(ticket)
        _at_window(user, ticket)
        _step(ticket, TicketState.CALLED)
        ticket.call_count += 1
        ticket.last_called_at = timezone.now()
        ticket.save(update_fields=["state", "call_count", "last_called_at"])
        log_action("hall.ticket.recalled", actor=user, obj=ticket, data={"calls": ticket.call_count})
    return ticket


def ticket_start(*, user, ticket: Ticket, now: datetime | None = None) -> Ticket:
    """The visitor has come to the window."""
    with transaction.atomic():
        ticket = _locked(ticket)
        _at_window(user, ticket)
        _step(ticket, TicketState.SERVING)
        ticket.serving_at = now or timezone.now()
        ticket.save(update_fields=["state", "serving_at"])
        log_action("hall.ticket.serving", actor=user, obj=ticket, data={"number": ticket.number})
    return ticket


def ticket_no_show(*, user, ticket: Ticket, now: datetime | None = None) -> Ticket:
    with transaction.atomic():
        ticket = _locked(ticket)
        _at_window(user, ticket)
        needed = conf.no_show_after_calls()
        if ticket.state == TicketState.CALLED and ticket.call_count < needed:
            raise Conflict(
                _("Call the ticket %(n)d times before marking it a no-show.") % {"n": needed},
                code="not_called_enough",
            )
        _step(ticket, TicketState.NO_SHOW)
        ticket.finished_at = now or timezone.now()
        ticket.save(update_fields=["state", "finished_at"])
        log_action("hall.ticket.no_show", actor=user, obj=ticket, data={"calls": ticket.call_count})
    return ticket


def ticket_finish(*, user, ticket: Ticket, now: datetime | None = None) -> Ticket:
    with transaction.atomic():
        ticket = _locked(ticket)
        _at_window(user, ticket)
        _step(ticket, TicketState.DONE)
        ticket.finished_at = now or timezone.now()
        ticket.save(update_fields=["state", "finished_at"])
        cases = link_cases_found(ticket, ticket.finished_at)
        log_action("hall.ticket.done", actor=user, obj=ticket, data={"number": ticket.number, "cases": cases})
    return ticket


def ticket_transfer(
    *,
    user,
    ticket: Ticket,
    to_window: Window | None = None,
    to_category: ServiceCategory | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Send the visitor to another window or category. They keep their number and their original
    arrival time, so they do not start again at the back of the queue."""
    now = now or timezone.now()
    if (to_window is None) == (to_category is None):
        raise ValidationFailed(fields={"to": _("Choose either a window or a category.")})
    with transaction.atomic():
        ticket = _locked(ticket)
        _at_window(user, ticket)
        target_outlet = (to_window or to_category).outlet_id
        if target_outlet != ticket.outlet_id or to_window == ticket.window:
            raise ValidationFailed(fields={"to": _("Choose another window or category of this hall.")})
        _step(ticket, TicketState.TRANSFERRED)
        ticket.finished_at = now
        ticket.save(update_fields=["state", "finished_at"])
        successor = Ticket.objects.create(
            outlet=ticket.outlet,
            category=to_category or ticket.category,
            service_day=ticket.service_day,
            number=ticket.number,
            channel=ticket.channel,
            priority=ticket.priority,
            triage_note=ticket.triage_note,
            taken_at=ticket.taken_at,
            target_window=to_window,
            transferred_from=ticket,
        )
        log_action(
            "hall.ticket.transferred",
            actor=user,
            obj=ticket,
            data={
                "successor": successor.pk,
                "window": to_window.number if to_window else None,
                "category": to_category.code if to_category else None,
            },
        )
    return successor


def window_for_user(*, user, window_id: int) -> Window:
    window = Window.objects.select_related("outlet").filter(pk=window_id).first()
    if window is None:
        raise NotFound()
    if not can(user, "hall.window.operate", window):
        raise NotAllowed()
    return window
