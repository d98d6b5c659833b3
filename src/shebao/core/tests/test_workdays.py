"""Working days on the Chinese calendar (RULES.md, "Working days and time limits")."""

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shebao.core.workdays import (
    CalendarUnknownYear,
    YearSchedule,
    add_working_days,
    is_working_day,
    known_until,
    known_years,
    library_years,
    next_working_day,
    use_supplement,
    working_days_between,
)

FIRST_UNKNOWN_YEAR = library_years().stop
LAST_UNKNOWN_YEAR_BEFORE = library_years().start - 1


@pytest.fixture(autouse=True)
def _library_only():
    """These tests are about the calendar alone: no schedules from the database."""
    use_supplement(None)
    yield
    from shebao.core.holidays import load_schedules

    use_supplement(load_schedules)


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# --- the calendar -------------------------------------------------------------------------------------


def test_the_rules_example_5_working_days_after_30_september_2025_is_14_october():
    assert add_working_days(date(2025, 9, 30), 5) == date(2025, 10, 14)
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 14)) == 5


def test_national_day_2025_is_off_and_its_make_up_days_are_worked():
    assert all(not is_working_day(d) for d in days(date(2025, 10, 1), date(2025, 10, 8)))
    assert is_working_day(date(2025, 9, 28))  # Sunday, worked
    assert is_working_day(date(2025, 10, 11))  # Saturday, worked
    assert not is_working_day(date(2025, 10, 12))  # an ordinary Sunday
    assert next_working_day(date(2025, 9, 30)) == date(2025, 10, 9)
    assert add_working_days(date(2025, 10, 10), 1) == date(2025, 10, 11)


def test_spring_festival_2025_is_off_and_its_make_up_days_are_worked():
    assert all(not is_working_day(d) for d in days(date(2025, 1, 28), date(2025, 2, 4)))
    assert is_working_day(date(2025, 1, 26))  # Sunday, worked
    assert is_working_day(date(2025, 2, 8))  # Saturday, worked
    assert next_working_day(date(2025, 1, 27)) == date(2025, 2, 5)
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 10)) == 7  # 26, 27 Jan; 5-8 Feb; 10 Feb


def test_ordinary_weekdays_are_worked_and_weekends_are_not():
    assert is_working_day(date(2025, 3, 12))  # Wednesday
    assert not is_working_day(date(2025, 3, 15))  # Saturday
    assert not is_working_day(date(2025, 3, 16))  # Sunday


def test_counting_crosses_the_new_year():
    assert add_working_days(date(2024, 12, 31), 1) == date(2025, 1, 2)  # 1 January off
    assert working_days_between(date(2024, 12, 31), date(2025, 1, 2)) == 1
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)  # 1-3 January off, Sunday 4 worked


def test_zero_working_days_after_a_day_is_that_day_even_a_holiday():
    assert add_working_days(date(2025, 10, 1), 0) == date(2025, 10, 1)
    assert add_working_days(date(2025, 9, 30), 0) == date(2025, 9, 30)


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(date(2025, 9, 30), -1)


def test_next_working_day_is_strictly_after_the_day():
    assert next_working_day(date(2025, 3, 12)) == date(2025, 3, 13)
    assert next_working_day(date(2025, 3, 14)) == date(2025, 3, 17)  # Friday → Monday


def test_between_counts_the_end_but_not_the_start_and_is_negative_backwards():
    friday, saturday, monday = date(2025, 3, 14), date(2025, 3, 15), date(2025, 3, 17)
    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, saturday) == 0
    assert working_days_between(friday, monday) == 1
    assert working_days_between(monday, friday) == -1
    assert working_days_between(saturday, friday) == 0  # backwards is minus the forward count
    assert working_days_between(date(2025, 10, 14), date(2025, 9, 30)) == -5


def test_a_datetime_is_treated_as_its_date():
    assert is_working_day(datetime(2025, 10, 11, 9, 30))
    assert add_working_days(datetime(2025, 9, 30, 17, 0), 5).date() == date(2025, 10, 14)


def test_every_day_of_every_known_year_agrees_with_chinese_calendar():
    start, end = date(library_years().start, 1, 1), date(library_years().stop - 1, 12, 31)
    assert all(is_working_day(d) == chinese_calendar.is_workday(d) for d in days(start, end))


@given(
    st.dates(min_value=date(library_years().start, 1, 1), max_value=date(library_years().stop - 2, 12, 31)),
    st.integers(0, 120),
)
def test_between_undoes_add_and_the_result_is_a_working_day(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert working_days_between(end, start) == -n
    assert n == 0 or is_working_day(end)
    if n:  # end is the first day that reaches n: the day before it has one fewer
        assert working_days_between(start, end - timedelta(days=1)) == n - 1


# --- unknown years ------------------------------------------------------------------------------------


def test_the_known_years_come_from_the_library_data():
    years = {d.year for d in chinese_calendar.holidays}
    assert library_years() == range(min(years), max(years) + 1)
    assert known_years() == frozenset(library_years())
    assert known_until() == library_years().stop - 1


@pytest.mark.parametrize("year", [FIRST_UNKNOWN_YEAR, LAST_UNKNOWN_YEAR_BEFORE])
def test_a_weekday_in_an_unknown_year_is_an_error_not_a_working_day(year):
    monday = next(d for d in days(date(year, 3, 1), date(year, 3, 7)) if d.weekday() == 0)
    with pytest.raises(CalendarUnknownYear) as error:
        is_working_day(monday)
    assert error.value.year == year
    assert str(year) in str(error.value)
    assert "chinesecalendar" in str(error.value)


def test_counting_into_an_unknown_year_is_an_error():
    last_known_day = date(FIRST_UNKNOWN_YEAR - 1, 12, 31)
    with pytest.raises(CalendarUnknownYear):
        add_working_days(last_known_day, 10)
    with pytest.raises(CalendarUnknownYear):
        next_working_day(last_known_day)
    with pytest.raises(CalendarUnknownYear):
        working_days_between(last_known_day, date(FIRST_UNKNOWN_YEAR, 1, 10))
    with pytest.raises(CalendarUnknownYear):
        working_days_between(date(FIRST_UNKNOWN_YEAR, 1, 10), last_known_day)


def test_even_zero_days_or_an_empty_span_in_an_unknown_year_is_an_error():
    unknown = date(FIRST_UNKNOWN_YEAR, 6, 1)
    with pytest.raises(CalendarUnknownYear):
        add_working_days(unknown, 0)
    with pytest.raises(CalendarUnknownYear):
        working_days_between(unknown, unknown)


def test_the_calendar_counts_as_outdated_from_november_when_next_year_is_unknown():
    from shebao.core.workdays import calendar_outdated

    last = library_years().stop - 1
    assert not calendar_outdated(date(last, 10, 31))
    assert calendar_outdated(date(last, 11, 1))
    assert calendar_outdated(date(last + 1, 1, 5))
    assert not calendar_outdated(date(last - 1, 11, 1))


# --- a year entered from the State Council's notice before the library has it -------------------------

NEXT = FIRST_UNKNOWN_YEAR


def notice_for_next_year() -> YearSchedule:
    """A made-up notice: New Year's Day off, a spring festival week off, one make-up Sunday worked."""
    new_year = date(NEXT, 1, 1)
    festival = frozenset(date(NEXT, 2, 8) + timedelta(days=i) for i in range(7))
    make_up = next(d for d in days(date(NEXT, 2, 1), date(NEXT, 2, 7)) if d.weekday() == 6)
    return YearSchedule(NEXT, frozenset({new_year}) | festival, frozenset({make_up}))


def test_an_entered_schedule_decides_the_days_of_its_year():
    notice = notice_for_next_year()
    use_supplement(lambda: {NEXT: notice})
    [make_up] = notice.make_up_workdays
    assert is_working_day(make_up)  # a Sunday worked
    assert not any(is_working_day(d) for d in notice.holidays)
    ordinary = [d for d in days(date(NEXT, 3, 1), date(NEXT, 3, 31)) if d not in notice.holidays]
    assert [is_working_day(d) for d in ordinary] == [d.weekday() < 5 for d in ordinary]
    assert known_until() == NEXT
    assert NEXT in known_years()


def test_counting_across_the_new_year_uses_the_entered_schedule_and_stops_where_it_ends():
    use_supplement(lambda: {NEXT: notice_for_next_year()})
    last_day = date(NEXT - 1, 12, 31)
    expected = [d for d in days(date(NEXT, 1, 1), date(NEXT, 12, 31)) if is_working_day(d)]
    assert add_working_days(last_day, 30) == expected[29]
    assert working_days_between(last_day, expected[29]) == 30
    with pytest.raises(CalendarUnknownYear) as error:
        add_working_days(date(NEXT, 12, 1), 40)  # into the year after, which nobody knows
    assert error.value.year == NEXT + 1


def test_a_day_is_decided_once_while_the_schedules_stay_the_same_and_afresh_under_new_ones(monkeypatch):
    """Issue 15: every intake counts the same weeks of days; the library is asked about each day once."""
    asked: list[date] = []
    library = chinese_calendar.is_workday
    monkeypatch.setattr(chinese_calendar, "is_workday", lambda d: asked.append(d) or library(d))
    schedules: dict = {}
    use_supplement(lambda: schedules)  # the same mapping each time, as core.holidays keeps it for a minute
    start = date(2025, 9, 26)
    assert add_working_days(start, 10) == add_working_days(start, 10) == date(2025, 10, 16)
    assert sorted(asked) == days(date(2025, 9, 27), date(2025, 10, 16))  # each day once, not twice
    # A schedule saved: the loader hands back a new mapping, and the days are decided under it.
    extended = YearSchedule(2025, frozenset({date(2025, 10, 9)}), frozenset())
    use_supplement(lambda: {2025: extended})
    assert add_working_days(start, 10) == date(2025, 10, 17)
    assert not is_working_day(date(2025, 10, 9))
