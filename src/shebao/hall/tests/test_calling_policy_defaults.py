"""The calling policy's documented defaults, pinned through what a window calls (hall/policy.py): a
ticket is overtaken at most 5 times, a priority visitor has a 30-minute head start, every priority class
has it (appointments too), a class missing from the configuration has none, and visitors are elderly
from 70."""

from datetime import date, datetime, timedelta

import pytest

from shebao.hall.policy import PolicyConfig, Priority, Waiting, WindowSpec, choose_next, priority_for

T0 = datetime(2026, 11, 24, 9, 0)
WINDOW = WindowSpec(id=1, categories=frozenset({"A"}))
CLASSES = [p for p in Priority if p is not Priority.ORDINARY]


def ticket(id, minute, priority="", passed_over=0):
    return Waiting(id, "A", T0 + timedelta(minutes=minute), priority, passed_over)


def test_the_default_bound_is_five_overtakes():
    assert PolicyConfig().max_overtakes == 5
    # An ordinary ticket overtaken 4 times still yields to a priority visitor; after the 5th it does not.
    for passed_over, called in ((4, 2), (5, 1)):
        waiting = [ticket(1, 0, passed_over=passed_over), ticket(2, 1, Priority.ELDERLY)]
        assert choose_next(waiting, WINDOW).ticket_id == called
    assert choose_next([ticket(1, 0, passed_over=5), ticket(2, 1, Priority.ELDERLY)], WINDOW).overdue


@pytest.mark.parametrize("priority", CLASSES)
def test_every_priority_class_has_a_head_start_of_exactly_thirty_minutes(priority):
    assert PolicyConfig().head_start[priority.value] == timedelta(minutes=30)
    # Ahead of an ordinary visitor who came 29 minutes earlier, behind one who came 31 minutes earlier.
    assert choose_next([ticket(1, 0), ticket(2, 29, priority)], WINDOW).ticket_id == 2
    assert choose_next([ticket(1, 0), ticket(2, 31, priority)], WINDOW).ticket_id == 1


def test_ordinary_visitors_have_no_head_start_and_every_other_class_is_configured():
    assert set(PolicyConfig().head_start) == {p.value for p in CLASSES}
    assert choose_next([ticket(1, 0), ticket(2, 0.5)], WINDOW).ticket_id == 1


def test_a_class_missing_from_the_configuration_gets_no_head_start():
    config = PolicyConfig(head_start={Priority.ELDERLY.value: timedelta(minutes=30)})
    waiting = [ticket(1, 0), ticket(2, 1, Priority.VETERAN)]
    assert choose_next(waiting, WINDOW, config).ticket_id == 1  # first come, first served
    assert choose_next([ticket(1, 0), ticket(2, 1, Priority.ELDERLY)], WINDOW, config).ticket_id == 2


def test_a_visitor_is_elderly_from_their_sixtieth_birthday():
    # The Law on the Protection of the Rights of the Elderly: elderly from 60 (a hall may set its own).
    assert PolicyConfig().elderly_age == 60
    today = date(2026, 11, 24)
    for birth, expected in (
        (date(1966, 11, 24), Priority.ELDERLY),  # sixty today
        (date(1966, 11, 25), Priority.ORDINARY),  # sixty tomorrow
        (date(1940, 1, 1), Priority.ELDERLY),
    ):
        assert priority_for(birth_date=birth, today=today, config=PolicyConfig()) == expected.value
    assert priority_for(birth_date=None, today=today, config=PolicyConfig()) == Priority.ORDINARY.value
    declared = priority_for(
        declared="veteran", birth_date=date(1990, 1, 1), today=today, config=PolicyConfig()
    )
    assert declared == Priority.VETERAN.value
