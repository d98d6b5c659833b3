"""The calling policy: which waiting ticket a window calls next. Pure: no database, no settings.

One function, `choose_next`, is used by the app (services.call_next) and by the simulation benchmark
(benchmarks/bench_hall_queue.py), so what the benchmark measures is what the hall does.

The rule, in order:
1. A window sees only the tickets it may serve: the ticket's category is one of the window's, or the
   window is comprehensive (综合窗口); a ticket transferred to one window is seen by that window only.
2. **The bound.** A ticket that has been overtaken `max_overtakes` times (a ticket that arrived later was
   called before it, at a window that could have served it) is *overdue*; overdue tickets go first,
   oldest first. So no ticket, ordinary or not, is ever passed over more than `max_overtakes` times,
   however many priority visitors keep arriving.
3. **Priority with aging.** Otherwise each ticket ranks by its effective arrival time: the time it was
   taken, minus a head start for its priority class (elderly, disabled, pregnant, veteran, appointment
   on time). A priority visitor goes ahead of ordinary visitors who arrived less than the head start
   before them; an ordinary visitor who has waited longer than that is served first (aging).
   Ties go to the earlier ticket.

The caller increments `passed_over` of the tickets in `Choice.overtaken` when it calls the choice.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta


class Priority(enum.StrEnum):
    """Priority classes (优先办). ORDINARY is the empty string so it sorts and stores naturally."""

    ORDINARY = ""
    ELDERLY = "elderly"
    DISABLED = "disabled"
    PREGNANT = "pregnant"
    VETERAN = "veteran"
    APPOINTMENT = "appointment"


DEFAULT_HEAD_START = timedelta(minutes=30)


@dataclass(frozen=True)
class PolicyConfig:
    # How far ahead of ordinary visitors each priority class is placed. An appointment on time is a
    # promise of a time, so it gets the same head start as the other classes by default.
    head_start: Mapping[str, timedelta] = field(
        default_factory=lambda: {p.value: DEFAULT_HEAD_START for p in Priority if p is not Priority.ORDINARY}
    )
    # The starvation bound: the most times any ticket may be overtaken by later arrivals.
    max_overtakes: int = 5
    # The Law on the Protection of the Rights of the Elderly: elderly from 60 (a hall may set its own).
    elderly_age: int = 60


@dataclass(frozen=True)
class Waiting:
    """What the policy needs to know of a waiting ticket. `taken_at` is anything ordered and subtractable
    with a timedelta (an aware datetime in the app, seconds as a float-backed datetime in the benchmark)."""

    id: int
    category: str
    taken_at: object
    priority: str = Priority.ORDINARY
    passed_over: int = 0
    target_window: int | None = None


@dataclass(frozen=True)
class WindowSpec:
    id: int
    categories: frozenset[str]
    comprehensive: bool = False


@dataclass(frozen=True)
class Choice:
    ticket_id: int
    overtaken: tuple[int, ...]  # eligible tickets that arrived earlier than the choice
    overdue: bool  # chosen because of the bound (rule 2)


def may_serve(window: WindowSpec, ticket: Waiting) -> bool:
    if ticket.target_window is not None:
        return ticket.target_window == window.id
    return window.comprehensive or ticket.category in window.categories


def rank_key(ticket: Waiting, config: PolicyConfig) -> tuple:
    """Smaller is served first (rules 2 and 3): overdue first, then by effective arrival."""
    overdue = ticket.passed_over >= config.max_overtakes
    if overdue:
        return (0, ticket.taken_at, ticket.id)
    head = config.head_start.get(ticket.priority, timedelta(0)) if ticket.priority else timedelta(0)
    return (1, ticket.taken_at - head, ticket.id)


def choose_next(
    waiting: Iterable[Waiting], window: WindowSpec, config: PolicyConfig | None = None
) -> Choice | None:
    """The ticket `window` should call now, or None when it has nobody to call."""
    config = config or PolicyConfig()
    eligible = [t for t in waiting if may_serve(window, t)]
    if not eligible:
        return None
    best = min(eligible, key=lambda t: rank_key(t, config))
    arrival = (best.taken_at, best.id)
    overtaken = tuple(t.id for t in eligible if (t.taken_at, t.id) < arrival)
    return Choice(best.id, overtaken, best.passed_over >= config.max_overtakes)


def choose_fifo(waiting: Iterable[Waiting], window: WindowSpec) -> Choice | None:
    """Plain first-come-first-served among the tickets the window may serve (the benchmark's baseline)."""
    eligible = [t for t in waiting if may_serve(window, t)]
    if not eligible:
        return None
    best = min(eligible, key=lambda t: (t.taken_at, t.id))
    return Choice(best.id, (), False)


def place_in_line(
    ticket: Waiting,
    waiting: Sequence[Waiting],
    config: PolicyConfig | None = None,
    windows: Sequence[WindowSpec] = (),
) -> int:
    """How many waiting tickets will be called before `ticket` (0: you are next): those ranking ahead of
    it that a window serving it may also call (a comprehensive window calls an earlier ticket of another
    business first; a priority visitor who came later goes ahead). With no window open for it, the
    tickets of its own business that rank ahead."""
    config = config or PolicyConfig()
    mine = rank_key(ticket, config)
    serving = [w for w in windows if may_serve(w, ticket)]

    def competes(t: Waiting) -> bool:
        if serving:
            return any(may_serve(w, t) for w in serving)
        return t.category == ticket.category

    return sum(1 for t in waiting if t.id != ticket.id and rank_key(t, config) < mine and competes(t))


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def priority_for(
    *, declared: str = Priority.ORDINARY, birth_date: date | None, today: date, config: PolicyConfig
) -> str:
    """The priority class of a visitor: a class confirmed by the guide wins; else elderly by age."""
    if declared:
        return Priority(declared).value
    if birth_date is not None and age_on(birth_date, today) >= config.elderly_age:
        return Priority.ELDERLY.value
    return Priority.ORDINARY.value
