"""Reads for the hall: the queue as the policy sees it, the display board, a citizen's ticket, statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.cases.models import Case
from shebao.cases.ratings import case_number_of
from shebao.core.errors import NotFound
from shebao.core.models import Agency, Outlet, OutletStatus, Role
from shebao.core.permissions import staff_of
from shebao.hall import conf
from shebao.hall.estimates import estimate_wait_minutes
from shebao.hall.evaluations import follow_up_overdue
from shebao.hall.models import (
    Appointment,
    AppointmentSlot,
    FollowUp,
    HomeVisit,
    ServiceCategory,
    Ticket,
    Window,
)
from shebao.hall.policy import Waiting, WindowSpec, may_serve, place_in_line
from shebao.hall.slots import schedule_of, sessions_for_booking
from shebao.hall.states import AppointmentState, FollowUpState, TicketState

RECENT_SERVICES = 20  # service times behind an estimate: the last 20 of the category (recent days)


def _waiting_rows(outlet: Outlet, day):
    return Ticket.objects.filter(outlet=outlet, service_day=day, state=TicketState.WAITING)


def as_waiting(t: Ticket) -> Waiting:
    return Waiting(
        id=t.pk,
        category=str(t.category_id),
        taken_at=t.taken_at,
        priority=t.priority,
        passed_over=t.passed_over,
        target_window=t.target_window_id,
    )


def waiting_for_policy(outlet: Outlet, now: datetime) -> list[Waiting]:
    rows = _waiting_rows(outlet, timezone.localdate(now)).only(
        "pk", "category_id", "taken_at", "priority", "passed_over", "target_window_id"
    )
    return [as_waiting(t) for t in rows]


def outlet_by_code(code: str) -> Outlet:
    outlet = Outlet.objects.filter(code=code).first()
    if outlet is None:
        raise NotFound()
    return outlet


def ticket_by_token(token: str) -> Ticket:
    ticket = (
        Ticket.objects.select_related("outlet", "category", "window", "evaluation__follow_up")
        .filter(token=token)
        .first()
    )
    if ticket is None:
        raise NotFound()
    # A transferred ticket's page follows the visitor to the queue they were sent to.
    while ticket.state == TicketState.TRANSFERRED and hasattr(ticket, "successor"):
        ticket = ticket.successor
    return ticket


def recent_service_seconds(category_id: int, day) -> list[float]:
    """The last services of the category over the recent days (today's first, being the most recent)."""
    rows = (
        Ticket.objects.filter(
            category_id=category_id,
            service_day__gt=day - timedelta(days=conf.recent_service_days()),
            service_day__lte=day,
            state=TicketState.DONE,
            serving_at__isnull=False,
        )
        .order_by("-finished_at")
        .values_list("serving_at", "finished_at")[:RECENT_SERVICES]
    )
    return [(end - start).total_seconds() for start, end in rows]


@dataclass
class TicketStatus:
    ticket: Ticket
    ahead: int | None
    wait_minutes: int | None


def ticket_status(ticket: Ticket, now: datetime | None = None) -> TicketStatus:
    """Place in line (by the calling policy's own order) and an estimated wait for a waiting ticket."""
    if ticket.state != TicketState.WAITING:
        return TicketStatus(ticket, None, None)
    now = now or timezone.now()
    waiting = waiting_for_policy(ticket.outlet, now)
    mine = next((w for w in waiting if w.id == ticket.pk), as_waiting(ticket))
    open_windows = [
        _spec(w)
        for w in Window.objects.filter(outlet=ticket.outlet, open=True).prefetch_related("categories")
    ]
    ahead = place_in_line(mine, waiting, conf.policy_config(), open_windows)
    minutes = estimate_wait_minutes(
        ahead=ahead,
        windows=sum(1 for w in open_windows if may_serve(w, mine)),
        recent_service_seconds=recent_service_seconds(ticket.category_id, ticket.service_day),
        default_seconds=ticket.category.default_service_minutes * 60,
    )
    return TicketStatus(ticket, ahead, minutes)


def _spec(window: Window) -> WindowSpec:
    return WindowSpec(
        id=window.pk,
        categories=frozenset(str(c.pk) for c in window.categories.all()),
        comprehensive=window.comprehensive,
    )


RECENT_CALLS = 5  # the display lists this many calls, so a visitor who looked away finds their number


@dataclass
class Board:
    outlet: Outlet
    now_calling: list[Ticket]  # called and not yet at the window (the API's queue)
    recent_calls: list[Ticket]  # the last calls whatever came of them, newest first (the display)
    waiting_by_category: list[tuple[ServiceCategory, int]]


def display_board(outlet: Outlet, now: datetime | None = None) -> Board:
    """What the hall display shows: the latest calls, newest on top (a recall counts as a call, so the
    number being spoken is the one on top), and how many wait per category."""
    day = timezone.localdate(now or timezone.now())
    latest_first = (F("last_called_at").desc(nulls_last=True), "-called_at")
    today = Ticket.objects.filter(outlet=outlet, service_day=day).select_related("window")
    calling = list(today.filter(state=TicketState.CALLED).order_by(*latest_first)[:8])
    recent = list(today.filter(last_called_at__isnull=False).order_by(*latest_first)[:RECENT_CALLS])
    counts = dict(
        _waiting_rows(outlet, day).values("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    categories = ServiceCategory.objects.filter(outlet=outlet, active=True)
    return Board(outlet, calling, recent, [(c, counts.get(c.pk, 0)) for c in categories])


def queue_summary(outlet: Outlet, now: datetime | None = None) -> dict:
    board = display_board(outlet, now)
    return {
        "outlet": outlet.code,
        "calling": [{"number": t.number, "window": t.window.number} for t in board.now_calling],
        "waiting": [
            {"category": c.code, "name": c.name, "prefix": c.prefix, "count": n}
            for c, n in board.waiting_by_category
        ],
    }


def follow_ups(*, outlets, include_closed: bool = False, overdue_only: bool = False) -> list[FollowUp]:
    """Follow-ups of the outlets, the most urgent first; each carries `.overdue` (open past its due day,
    or closed after it)."""
    rows = FollowUp.objects.filter(outlet__in=outlets).select_related(
        "evaluation__ticket", "evaluation__home_visit", "evaluation__case", "outlet"
    )
    if not include_closed:
        rows = rows.exclude(state=FollowUpState.CLOSED)
    today = timezone.localdate()
    out = []
    for f in rows.order_by("due_on", "pk"):
        f.overdue = follow_up_overdue(f, today)
        if f.overdue or not overdue_only:
            out.append(f)
    return out


# --- Booking (appointments) --------------------------------------------------------------------------


def bookable_outlets(district_code: str = "") -> list[Outlet]:
    """Open outlets with a category that may be booked, optionally in one district (agency subtree)."""
    outlets = Outlet.objects.filter(
        status=OutletStatus.OPEN, hall_categories__active=True, hall_categories__bookable=True
    ).select_related("agency")
    if district_code:
        agency = Agency.objects.filter(code=district_code).first()
        if agency is None:
            raise NotFound(fields={"district": _("Unknown district.")})
        outlets = outlets.filter(agency__path__startswith=agency.path)
    return list(outlets.distinct().order_by("agency__path", "name"))


def bookable_categories(outlet: Outlet) -> list[ServiceCategory]:
    return list(ServiceCategory.objects.filter(outlet=outlet, active=True, bookable=True))


@dataclass
class FreeSlot:
    slot: AppointmentSlot
    remaining: int


def free_slots(category: ServiceCategory, *, day=None, now: datetime | None = None) -> list[FreeSlot]:
    """Slots of the category still in the future with a free place, inside the opening hours of their
    day (a slot left from hours that changed is not offered); one day, or every day offered."""
    now = now or timezone.now()
    rows = (
        AppointmentSlot.objects.filter(category=category, starts_at__gt=now)
        .select_related("outlet")
        .annotate(taken=Count("appointments", filter=~Q(appointments__state=AppointmentState.CANCELLED)))
        .order_by("starts_at")
    )
    if day is not None:
        rows = rows.filter(starts_at__date=day)
    schedule = schedule_of(category.outlet)
    sessions: dict = {}
    out = []
    for slot in rows:
        local = timezone.localtime(slot.starts_at)
        if local.date() not in sessions:
            sessions[local.date()] = sessions_for_booking(schedule, local.date())
        end = timezone.localtime(slot.ends_at).time()
        inside = any(o <= local.time() and end <= c for o, c in sessions[local.date()])
        if inside and slot.taken < slot.capacity:
            out.append(FreeSlot(slot, slot.capacity - slot.taken))
    return out


def days_with_free_slots(category: ServiceCategory, now: datetime | None = None) -> list[tuple]:
    """(day, free places) for the days on offer."""
    per_day: dict = {}
    for free in free_slots(category, now=now):
        day = timezone.localdate(free.slot.starts_at)
        per_day[day] = per_day.get(day, 0) + free.remaining
    return sorted(per_day.items())


def appointment_by_code(code: str) -> Appointment:
    appointment = (
        Appointment.objects.select_related("slot__outlet", "slot__category", "ticket")
        .filter(code=(code or "").strip().upper())
        .first()
    )
    if appointment is None:
        raise NotFound(_("No appointment has this code."))
    return appointment


# --- Home visits ---------------------------------------------------------------------------------------


def home_visits_for(user, *, state: str = "") -> list[HomeVisit]:
    """The visits a member of staff may see: theirs, their outlet's, and (managers) their area's,
    including requests nobody could be assigned to yet in their districts."""
    profile = staff_of(user)
    if profile is None:
        return []
    rows = HomeVisit.objects.select_related("outlet", "assigned_to", "district")
    scope = Q(assigned_to=profile)
    if profile.outlet_id:
        scope |= Q(outlet_id=profile.outlet_id)
    if profile.has_role(Role.MANAGER):
        scope |= Q(outlet__agency__path__startswith=profile.agency.path)
        scope |= Q(district__path__startswith=profile.agency.path)
    rows = rows.filter(scope)
    if state:
        rows = rows.filter(state=state)
    return list(rows.order_by("state", "-created_at")[:200])


def home_visit_by_token(token: str) -> HomeVisit:
    visit = HomeVisit.objects.select_related("outlet", "evaluation__follow_up").filter(token=token).first()
    if visit is None:
        raise NotFound()
    return visit


def case_by_rating_token(token: str) -> Case:
    """The case a rating link was made for (its page shows the item and where it was accepted)."""
    case = (
        Case.objects.select_related("outlet", "item_version__item", "evaluation__follow_up")
        .filter(number=case_number_of(token))
        .first()
    )
    if case is None:
        raise NotFound()
    return case


@dataclass
class SlotBookings:
    slot: AppointmentSlot
    appointments: list[Appointment]

    @property
    def booked(self) -> int:
        return sum(a.state != AppointmentState.CANCELLED for a in self.appointments)


def appointments_on(outlet: Outlet, day) -> list[SlotBookings]:
    """One day's slots of a hall with their bookings, for the staff who expect the visitors."""
    slots = (
        AppointmentSlot.objects.filter(outlet=outlet, starts_at__date=day)
        .select_related("category")
        .prefetch_related("appointments")
        .order_by("starts_at", "category__code")
    )
    return [SlotBookings(s, sorted(s.appointments.all(), key=lambda a: a.created_at)) for s in slots]
