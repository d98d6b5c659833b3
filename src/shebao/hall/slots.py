"""Booking slots: cut from the outlet's opening sessions (network app) on the official calendar.

Which sessions apply on a date is network.hours' rule (working days, weekends, public holidays with the
outlet's holiday sessions, make-up working days); a lunch break is the gap between two sessions, an
evening session (延时服务) is one more session. A slot never straddles a break or the closing time.
Days in a year the holiday calendar does not know yet get no slots: a booking is a promise of a day.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from shebao.core.audit import log_action
from shebao.core.models import Outlet, OutletStatus
from shebao.core.workdays import known_years
from shebao.hall import conf
from shebao.hall.models import AppointmentSlot, ServiceCategory
from shebao.hall.states import AppointmentState
from shebao.network.hours import Session, sessions_on
from shebao.network.models import OpeningHours

logger = logging.getLogger(__name__)


def merged(sessions: Iterable[tuple[time, time]]) -> list[tuple[time, time]]:
    """Overlapping or touching sessions as one (a make-up Saturday has the weekday's sessions and the
    Saturday's own, which may overlap)."""
    out: list[tuple[time, time]] = []
    for opens, closes in sorted(sessions):
        if out and opens <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], closes))
        else:
            out.append((opens, closes))
    return out


def slot_times(sessions: Iterable[tuple[time, time]], minutes: int) -> list[tuple[time, time]]:
    """Whole slots of `minutes` inside each session, from its opening; a remainder shorter than a slot
    before a break or the closing is left out. Pure."""
    step = timedelta(minutes=minutes)
    out = []
    for opens, closes in merged(sessions):
        start = datetime.combine(date.min, opens)
        end = datetime.combine(date.min, closes)
        while start + step <= end:
            out.append((start.time(), (start + step).time()))
            start += step
    return out


def schedule_of(outlet: Outlet) -> list[Session]:
    return [
        Session(day, opens, closes)
        for day, opens, closes in OpeningHours.objects.filter(outlet=outlet).values_list(
            "day", "opens", "closes"
        )
    ]


def sessions_for_booking(schedule: list[Session], day: date) -> list[tuple[time, time]]:
    """The sessions of `day`, or none when the calendar does not know its year."""
    if day.year not in known_years():
        return []
    return sessions_on(schedule, day)


def slot_within_opening_hours(slot: AppointmentSlot) -> bool:
    """A slot may be booked only if it lies inside one of the outlet's sessions of that day (a slot made
    by hand, or one left from hours that have changed since, is refused)."""
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    if start.date() != end.date() and end.time() != time(0, 0):
        return False
    sessions = sessions_for_booking(schedule_of(slot.outlet), start.date())
    return any(opens <= start.time() and end.time() <= closes for opens, closes in sessions)


def _aware(day: date, t: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, t))


def slots_generate(*, outlet: Outlet, first_day: date | None = None, days: int | None = None) -> dict:
    """Make the slots of every bookable category of `outlet` for `days` days from `first_day` (default:
    tomorrow and the configured booking horizon). Idempotent: existing slots are kept; unbooked future
    slots that no longer fit the opening hours are removed. Returns {"created": n, "removed": m}."""
    first_day = first_day or timezone.localdate() + timedelta(days=1)
    days = conf.booking_days_ahead() if days is None else days
    categories = list(ServiceCategory.objects.filter(outlet=outlet, active=True, bookable=True))
    schedule = schedule_of(outlet) if outlet.status == OutletStatus.OPEN else []
    wanted: set[tuple[int, datetime]] = set()
    rows = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        sessions = sessions_for_booking(schedule, day)
        for category in categories:
            for opens, closes in slot_times(sessions, category.slot_minutes):
                starts = _aware(day, opens)
                wanted.add((category.pk, starts))
                rows.append(
                    AppointmentSlot(
                        outlet=outlet,
                        category=category,
                        starts_at=starts,
                        ends_at=_aware(day, closes),
                        capacity=category.slot_capacity,
                    )
                )
    with transaction.atomic():
        before = AppointmentSlot.objects.filter(outlet=outlet).count()
        AppointmentSlot.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        created = AppointmentSlot.objects.filter(outlet=outlet).count() - before
        removed = _remove_stale(outlet, first_day, days, wanted)
        if created or removed:
            log_action(
                "hall.slots.generated",
                obj=outlet,
                data={"from": first_day.isoformat(), "days": days, "created": created, "removed": removed},
            )
    return {"created": created, "removed": removed}


def _remove_stale(outlet: Outlet, first_day: date, days: int, wanted: set[tuple[int, datetime]]) -> int:
    span = AppointmentSlot.objects.filter(
        outlet=outlet,
        starts_at__gte=_aware(first_day, time(0, 0)),
        starts_at__lt=_aware(first_day + timedelta(days=days), time(0, 0)),
    ).annotate(active=Count("appointments", filter=~Q(appointments__state=AppointmentState.CANCELLED)))
    stale = [
        s.pk
        for s in span.only("pk", "category_id", "starts_at")
        if (s.category_id, s.starts_at) not in wanted and s.active == 0
    ]
    # A slot with only cancelled bookings keeps its history; it is simply no longer offered.
    deletable = [
        pk for pk in stale if not AppointmentSlot.objects.filter(pk=pk, appointments__isnull=False).exists()
    ]
    AppointmentSlot.objects.filter(pk__in=deletable).delete()
    return len(deletable)


def slots_generate_everywhere(*, first_day: date | None = None, days: int | None = None) -> dict:
    """Every open outlet with a bookable category (the daily job)."""
    totals = {"outlets": 0, "created": 0, "removed": 0}
    outlet_ids = (
        ServiceCategory.objects.filter(active=True, bookable=True, outlet__status=OutletStatus.OPEN)
        .values_list("outlet_id", flat=True)
        .distinct()
    )
    for outlet in Outlet.objects.filter(pk__in=list(outlet_ids)):
        result = slots_generate(outlet=outlet, first_day=first_day, days=days)
        totals["outlets"] += 1
        totals["created"] += result["created"]
        totals["removed"] += result["removed"]
    return totals
