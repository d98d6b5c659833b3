"""Reads for the hall: the queue as the policy sees it, the display board, a citizen's ticket, statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone

from shebao.core.errors import NotFound
from shebao.core.models import Outlet
from shebao.hall import conf
from shebao.hall.estimates import distribution, estimate_wait_minutes, quantile
from shebao.hall.models import BAD_LEVELS, Evaluation, FollowUp, ServiceCategory, Ticket, Window
from shebao.hall.policy import Waiting, WindowSpec, may_serve, place_in_line
from shebao.hall.states import TicketState

RECENT_SERVICES = 20  # service times behind an estimate: the last 20 of the category, today


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


def _recent_service_seconds(category_id: int, day) -> list[float]:
    rows = (
        Ticket.objects.filter(
            category_id=category_id, service_day=day, state=TicketState.DONE, serving_at__isnull=False
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
    ahead = place_in_line(mine, waiting, conf.policy_config())
    windows = sum(
        1
        for w in Window.objects.filter(outlet=ticket.outlet, open=True).prefetch_related("categories")
        if may_serve(_spec(w), mine)
    )
    minutes = estimate_wait_minutes(
        ahead=ahead,
        windows=windows,
        recent_service_seconds=_recent_service_seconds(ticket.category_id, ticket.service_day),
        default_seconds=ticket.category.default_service_minutes * 60,
    )
    return TicketStatus(ticket, ahead, minutes)


def _spec(window: Window) -> WindowSpec:
    return WindowSpec(
        id=window.pk,
        categories=frozenset(str(c.pk) for c in window.categories.all()),
        comprehensive=window.comprehensive,
    )


@dataclass
class Board:
    outlet: Outlet
    now_calling: list[Ticket]
    waiting_by_category: list[tuple[ServiceCategory, int]]


def display_board(outlet: Outlet, now: datetime | None = None) -> Board:
    """What the hall display shows: the tickets called most recently and how many wait per category."""
    day = timezone.localdate(now or timezone.now())
    calling = list(
        Ticket.objects.filter(outlet=outlet, service_day=day, state=TicketState.CALLED)
        .select_related("window")
        .order_by("-called_at")[:8]
    )
    counts = dict(
        _waiting_rows(outlet, day).values("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    categories = ServiceCategory.objects.filter(outlet=outlet, active=True)
    return Board(outlet, calling, [(c, counts.get(c.pk, 0)) for c in categories])


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


def open_follow_ups(*, outlets) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(outlet__in=outlets)
        .exclude(state="closed")
        .select_related("evaluation__ticket", "outlet")
    )


WAIT_EDGES_MINUTES = (0, 5, 10, 20, 30, 60)


def statistics(outlet: Outlet, *, days: int = 30, now: datetime | None = None) -> dict:
    """Stage times, waiting distribution, service time per category, satisfaction per window."""
    since = timezone.localdate(now or timezone.now()) - timedelta(days=days)
    tickets = Ticket.objects.filter(outlet=outlet, service_day__gte=since, called_at__isnull=False)
    waits = [(c - t).total_seconds() / 60 for t, c in tickets.values_list("taken_at", "called_at")]
    walks = [
        (s - c).total_seconds() / 60
        for c, s in tickets.filter(serving_at__isnull=False).values_list("called_at", "serving_at")
    ]
    per_category = []
    for category in ServiceCategory.objects.filter(outlet=outlet):
        spans = [
            (f - s).total_seconds() / 60
            for s, f in tickets.filter(category=category, state=TicketState.DONE).values_list(
                "serving_at", "finished_at"
            )
            if s and f
        ]
        per_category.append(
            {"category": category, "served": len(spans), "median_minutes": quantile(spans, 0.5)}
        )
    evaluations = Evaluation.objects.filter(outlet=outlet, created_at__date__gte=since)
    by_window = (
        evaluations.values("window__number")
        .annotate(n=Count("pk"), avg=Avg("level"), bad=Count("pk", filter=Q(level__in=BAD_LEVELS)))
        .order_by("window__number")
    )
    overall = evaluations.aggregate(
        n=Count("pk"), avg=Avg("level"), bad=Count("pk", filter=Q(level__in=BAD_LEVELS))
    )
    return {
        "wait_p50": quantile(waits, 0.5),
        "wait_p90": quantile(waits, 0.9),
        "walk_p50": quantile(walks, 0.5),
        "wait_buckets": list(zip(WAIT_EDGES_MINUTES, distribution(waits, WAIT_EDGES_MINUTES), strict=True)),
        "per_category": per_category,
        "by_window": list(by_window),
        "overall": overall,
    }
