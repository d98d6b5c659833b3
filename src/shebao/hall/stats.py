"""Hall statistics for managers: time in each stage of the hall flow (001, Haidian: guidance > waiting >
calling > handling > evaluation), the waiting-time distribution, service time per category,
satisfaction per outlet, window, category and item, follow-ups, appointments and home visits.

Computed in Python over one outlet's (or one manager's outlets') last days: a hall serves hundreds of
visitors a day, so a month is tens of thousands of rows at most.
"""

from __future__ import annotations

import statistics as pystats
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.models import Outlet
from shebao.hall.estimates import distribution, quantile
from shebao.hall.evaluations import follow_up_overdue
from shebao.hall.models import (
    BAD_LEVELS,
    Appointment,
    Evaluation,
    FollowUp,
    HomeVisit,
    Outcome,
    ServiceCategory,
    Ticket,
    TicketCase,
)
from shebao.hall.states import AppointmentState, HomeVisitState, TicketState

WAIT_EDGES_MINUTES = (0, 5, 10, 15, 20, 30, 45, 60)


@dataclass
class Spread:
    """Minutes: how many, mean, median, 90th and 95th percentile."""

    n: int
    mean: float | None
    p50: float | None
    p90: float | None
    p95: float | None

    @classmethod
    def of(cls, samples: Sequence[float]) -> Spread:
        return cls(
            n=len(samples),
            mean=pystats.fmean(samples) if samples else None,
            p50=quantile(samples, 0.5),
            p90=quantile(samples, 0.9),
            p95=quantile(samples, 0.95),
        )


@dataclass
class Satisfaction:
    label: str
    n: int
    average: float | None
    bad: int

    @property
    def bad_share(self) -> float | None:
        return self.bad / self.n if self.n else None


def _minutes(a: datetime | None, b: datetime | None) -> float | None:
    return None if a is None or b is None else (b - a).total_seconds() / 60


def _overall(levels: list[int]) -> Satisfaction:
    return Satisfaction(
        "", len(levels), pystats.fmean(levels) if levels else None, sum(v in BAD_LEVELS for v in levels)
    )


def _satisfaction(groups: dict[str, list[int]]) -> list[Satisfaction]:
    return [
        Satisfaction(label, len(levels), pystats.fmean(levels), sum(1 for v in levels if v in BAD_LEVELS))
        for label, levels in sorted(groups.items())
    ]


def _stages(tickets: list[dict], rated: dict[int, datetime]) -> dict[str, Spread]:
    # The waiting stage of a transferred visitor is counted once, on their first ticket.
    waiting = [
        m
        for t in tickets
        if t["transferred_from"] is None and (m := _minutes(t["taken_at"], t["called_at"])) is not None
    ]
    calling = [m for t in tickets if (m := _minutes(t["called_at"], t["serving_at"])) is not None]
    handling = [
        m
        for t in tickets
        if t["state"] == TicketState.DONE and (m := _minutes(t["serving_at"], t["finished_at"])) is not None
    ]
    evaluation = [
        m
        for t in tickets
        if t["pk"] in rated and (m := _minutes(t["finished_at"], rated[t["pk"]])) is not None
    ]
    return {
        "waiting": Spread.of(waiting),
        "calling": Spread.of(calling),
        "handling": Spread.of(handling),
        "evaluation": Spread.of(evaluation),
    }


STAGE_LABELS = {
    "waiting": _("Waiting (ticket to call)"),
    "calling": _("Calling (call to window)"),
    "handling": _("Handling (at the window)"),
    "evaluation": _("Evaluation (finish to rating)"),
}


def _histogram(waits: list[float]) -> list[dict]:
    counts = distribution(waits, WAIT_EDGES_MINUTES)
    total = max(1, len(waits))
    top = max(counts) if counts and max(counts) else 1
    rows = []
    for i, (edge, count) in enumerate(zip(WAIT_EDGES_MINUTES, counts, strict=True)):
        upper = WAIT_EDGES_MINUTES[i + 1] if i + 1 < len(WAIT_EDGES_MINUTES) else None
        rows.append(
            {
                "from": edge,
                "to": upper,
                "count": count,
                "share": count / total,
                "bar": round(100 * count / top),
            }
        )
    return rows


def _per_category(tickets: list[dict], categories: dict[int, ServiceCategory]) -> list[dict]:
    service: dict[int, list[float]] = defaultdict(list)
    waits: dict[int, list[float]] = defaultdict(list)
    for t in tickets:
        if t["state"] == TicketState.DONE and (m := _minutes(t["serving_at"], t["finished_at"])) is not None:
            service[t["category_id"]].append(m)
        if t["transferred_from"] is None and (m := _minutes(t["taken_at"], t["called_at"])) is not None:
            waits[t["category_id"]].append(m)
    return [
        {"category": c, "service": Spread.of(service[pk]), "wait": Spread.of(waits[pk])}
        for pk, c in sorted(categories.items(), key=lambda kv: (kv[1].outlet_id, kv[1].prefix))
    ]


HOME_VISITS = _("Home visits")  # the "business" of a home visit's rating, beside the hall's categories


def _ratings(outlets: list[Outlet], since) -> dict:
    """Every rating counts for its outlet, hall tickets and home visits alike; a home visit has no
    window, and stands as its own business."""
    evaluations = list(
        Evaluation.objects.filter(outlet__in=outlets, created_at__date__gte=since).values(
            "level", "ticket_id", "created_at", "outlet__name", "window__number", "ticket__category__name"
        )
    )
    by_outlet, by_window, by_category, by_item = (defaultdict(list) for _ in range(4))
    items_of: dict[int, set[str]] = defaultdict(set)
    for ticket_id, name in TicketCase.objects.filter(
        ticket_id__in=[e["ticket_id"] for e in evaluations if e["ticket_id"]]
    ).values_list("ticket_id", "case__item_version__item__name"):
        items_of[ticket_id].add(name)
    for e in evaluations:
        by_outlet[e["outlet__name"]].append(e["level"])
        if e["ticket_id"] is None:
            by_category[str(HOME_VISITS)].append(e["level"])
            continue
        window = e["window__number"]
        label = f"{e['outlet__name']} · {window}" if len(outlets) > 1 else str(window or "—")
        by_window[label].append(e["level"])
        by_category[e["ticket__category__name"]].append(e["level"])
        for name in items_of.get(e["ticket_id"], ()):
            by_item[name].append(e["level"])
    levels = [e["level"] for e in evaluations]
    return {
        "overall": _overall(levels),
        "home_visits": _overall(by_category.get(str(HOME_VISITS), [])),
        "by_outlet": _satisfaction(by_outlet),
        "by_window": _satisfaction(by_window),
        "by_category": _satisfaction(by_category),
        "by_item": _satisfaction(by_item),
        "rated_at": {e["ticket_id"]: e["created_at"] for e in evaluations if e["ticket_id"]},
    }


def _follow_ups(outlets: list[Outlet], since) -> dict:
    rows = list(FollowUp.objects.filter(outlet__in=outlets, created_at__date__gte=since))
    today = timezone.localdate()
    closed = [f for f in rows if f.state == "closed"]
    return {
        "total": len(rows),
        "open": sum(1 for f in rows if f.state != "closed"),
        "overdue": sum(1 for f in rows if f.state != "closed" and follow_up_overdue(f, today)),
        "closed_on_time": sum(1 for f in closed if not follow_up_overdue(f, today)),
        "closed_late": sum(1 for f in closed if follow_up_overdue(f, today)),
        "texted": sum(1 for f in closed if f.citizen_told_by_text),
    }


def _counts(rows: Iterable[tuple[str, int]]) -> dict[str, int]:
    return dict(rows)


def _appointments(outlets: list[Outlet], since, now) -> dict:
    states = _counts(
        Appointment.objects.filter(
            slot__outlet__in=outlets, slot__starts_at__date__gte=since, slot__starts_at__lte=now
        )
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    due = sum(states.get(s, 0) for s in (AppointmentState.CHECKED_IN, AppointmentState.NO_SHOW))
    return {
        "checked_in": states.get(AppointmentState.CHECKED_IN, 0),
        "no_show": states.get(AppointmentState.NO_SHOW, 0),
        "cancelled": states.get(AppointmentState.CANCELLED, 0),
        "no_show_share": states.get(AppointmentState.NO_SHOW, 0) / due if due else None,
    }


def _home_visits(outlets: list[Outlet], since) -> dict:
    visits = list(
        HomeVisit.objects.filter(outlet__in=outlets, created_at__date__gte=since).values(
            "state", "outcome", "created_at", "arrived_at"
        )
    )
    by_state: dict[str, int] = defaultdict(int)
    by_outcome: dict[str, int] = defaultdict(int)
    for v in visits:
        by_state[v["state"]] += 1
        if v["outcome"]:
            by_outcome[v["outcome"]] += 1
    hours = [
        (v["arrived_at"] - v["created_at"]).total_seconds() / 3600
        for v in visits
        if v["arrived_at"] is not None and v["state"] != HomeVisitState.CANCELLED
    ]
    return {
        "total": len(visits),
        "by_state": [(HomeVisitState(k).label, n) for k, n in sorted(by_state.items())],
        "by_outcome": [(Outcome(k).label, n) for k, n in sorted(by_outcome.items())],
        "hours_to_visit": Spread.of(hours),
    }


def hall_statistics(outlets: list[Outlet], *, days: int = 30, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    since = timezone.localdate(now) - timedelta(days=days)
    tickets = list(
        Ticket.objects.filter(outlet__in=outlets, service_day__gte=since).values(
            "pk",
            "state",
            "category_id",
            "taken_at",
            "called_at",
            "serving_at",
            "finished_at",
            "transferred_from",
        )
    )
    ratings = _ratings(outlets, since)
    stages = _stages(tickets, ratings.pop("rated_at"))
    waits = [
        m
        for t in tickets
        if t["transferred_from"] is None and (m := _minutes(t["taken_at"], t["called_at"])) is not None
    ]
    categories = {c.pk: c for c in ServiceCategory.objects.filter(outlet__in=outlets)}
    return {
        "days": days,
        "tickets": len([t for t in tickets if t["transferred_from"] is None]),
        "no_shows": sum(1 for t in tickets if t["state"] == TicketState.NO_SHOW),
        "stages": [(STAGE_LABELS[k], v) for k, v in stages.items()],
        "stage": stages,
        "histogram": _histogram(waits),
        "per_category": _per_category(tickets, categories),
        "satisfaction": ratings,
        "follow_ups": _follow_ups(outlets, since),
        "appointments": _appointments(outlets, since, now),
        "home_visits": _home_visits(outlets, since),
    }
