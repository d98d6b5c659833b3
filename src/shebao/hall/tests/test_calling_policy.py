"""The calling policy (pure): priority first, aging, and a hard bound on how often anyone is overtaken."""

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from shebao.hall.policy import (
    PolicyConfig,
    Priority,
    Waiting,
    WindowSpec,
    age_on,
    choose_fifo,
    choose_next,
    place_in_line,
    priority_for,
)

T0 = datetime(2026, 11, 24, 9, 0)
PENSIONS = WindowSpec(id=1, categories=frozenset({"A"}))
COMPREHENSIVE = WindowSpec(id=2, categories=frozenset(), comprehensive=True)


def ticket(id, minute, category="A", priority="", passed_over=0, target=None):
    return Waiting(id, category, T0 + timedelta(minutes=minute), priority, passed_over, target)


def test_an_elderly_visitor_is_called_before_ordinary_visitors_who_came_a_little_earlier():
    waiting = [ticket(1, 0), ticket(2, 5), ticket(3, 10, priority=Priority.ELDERLY)]
    choice = choose_next(waiting, PENSIONS)
    assert choice.ticket_id == 3 and choice.overtaken == (1, 2)


def test_an_ordinary_visitor_who_waited_longer_than_the_head_start_goes_first():
    config = PolicyConfig(head_start={"elderly": timedelta(minutes=30)})
    waiting = [ticket(1, 0), ticket(2, 45, priority=Priority.ELDERLY)]
    assert choose_next(waiting, PENSIONS, config).ticket_id == 1


def test_a_window_only_calls_its_categories_and_a_comprehensive_window_calls_all():
    waiting = [ticket(1, 0, category="B"), ticket(2, 5, category="A")]
    assert choose_next(waiting, PENSIONS).ticket_id == 2
    assert choose_next(waiting, COMPREHENSIVE).ticket_id == 1
    assert choose_next([ticket(1, 0, category="B")], PENSIONS) is None


def test_a_ticket_transferred_to_one_window_is_called_by_that_window_only():
    waiting = [ticket(1, 0, target=2), ticket(2, 5)]
    assert choose_next(waiting, PENSIONS).ticket_id == 2
    assert choose_next(waiting, COMPREHENSIVE).ticket_id == 1


def test_an_overdue_ticket_beats_any_priority_ticket():
    config = PolicyConfig(max_overtakes=3)
    waiting = [ticket(1, 0, passed_over=3), ticket(2, 1, priority=Priority.DISABLED)]
    choice = choose_next(waiting, PENSIONS, config)
    assert choice.ticket_id == 1 and choice.overdue


def test_fifo_ignores_priority():
    waiting = [ticket(1, 0), ticket(2, 1, priority=Priority.ELDERLY)]
    assert choose_fifo(waiting, PENSIONS).ticket_id == 1


def test_place_in_line_follows_the_calling_order():
    waiting = [ticket(1, 0), ticket(2, 5), ticket(3, 10, priority=Priority.PREGNANT), ticket(4, 11, "B")]
    assert place_in_line(waiting[2], waiting) == 0
    assert place_in_line(waiting[1], waiting) == 2
    assert place_in_line(waiting[3], waiting) == 0


def test_elderly_priority_comes_from_the_age_on_the_day():
    config = PolicyConfig(elderly_age=70)
    born = datetime(1956, 11, 25).date()
    assert age_on(born, datetime(2026, 11, 24).date()) == 69
    assert priority_for(birth_date=born, today=datetime(2026, 11, 24).date(), config=config) == ""
    assert priority_for(birth_date=born, today=datetime(2026, 11, 25).date(), config=config) == "elderly"
    assert priority_for(declared="veteran", birth_date=None, today=T0.date(), config=config) == "veteran"


# --- Fairness on adversarial streams -------------------------------------------------------------------

event = st.tuples(
    st.sampled_from(["arrive", "call"]),
    st.sampled_from(["", "", Priority.ELDERLY, Priority.DISABLED]),
    st.sampled_from(["A", "B"]),
    st.sampled_from([PENSIONS, COMPREHENSIVE]),
)


def simulate(events, config):
    """Run a stream of arrivals and calls through choose_next, as services.call_next does. Returns, for
    every called ticket, how many later arrivals were called before it at windows that could serve it."""
    waiting: dict[int, Waiting] = {}
    overtakes_seen: dict[int, int] = {}
    next_id, minute = 1, 0
    for kind, priority, category, window in events:
        minute += 1
        if kind == "arrive":
            waiting[next_id] = ticket(next_id, minute, category, priority)
            overtakes_seen[next_id] = 0
            next_id += 1
            continue
        choice = choose_next(list(waiting.values()), window, config)
        if choice is None:
            continue
        for i in choice.overtaken:
            w = waiting[i]
            waiting[i] = Waiting(w.id, w.category, w.taken_at, w.priority, w.passed_over + 1, w.target_window)
            overtakes_seen[i] += 1
        del waiting[choice.ticket_id]
    return overtakes_seen


@settings(max_examples=300, deadline=None)
@given(st.lists(event, max_size=120), st.integers(min_value=0, max_value=6))
def test_no_ticket_is_ever_overtaken_more_than_the_bound(events, bound):
    config = PolicyConfig(max_overtakes=bound)
    assert all(n <= bound for n in simulate(events, config).values())


def test_a_stream_of_priority_visitors_cannot_starve_an_ordinary_visitor():
    config = PolicyConfig(max_overtakes=4, head_start={"elderly": timedelta(hours=10)})
    events = [("arrive", "", "A", PENSIONS)]
    for _ in range(50):  # an elderly visitor arrives before every call
        events += [("arrive", Priority.ELDERLY, "A", PENSIONS), ("call", "", "A", PENSIONS)]
    waiting: dict[int, Waiting] = {}
    called_order = []
    next_id, minute = 1, 0
    for kind, priority, category, window in events:
        minute += 1
        if kind == "arrive":
            waiting[next_id] = ticket(next_id, minute, category, priority)
            next_id += 1
            continue
        choice = choose_next(list(waiting.values()), window, config)
        for i in choice.overtaken:
            w = waiting[i]
            waiting[i] = Waiting(w.id, w.category, w.taken_at, w.priority, w.passed_over + 1, w.target_window)
        del waiting[choice.ticket_id]
        called_order.append(choice.ticket_id)
    # Without the bound the ordinary visitor (ticket 1) would never be called; with it, fifth.
    assert called_order.index(1) == 4
