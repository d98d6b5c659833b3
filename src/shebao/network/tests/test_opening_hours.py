"""Opening hours: lunch breaks, evening and holiday sessions, and the official calendar's holidays and
make-up working days decide "open now"."""

from datetime import date, datetime, time

import pytest

from shebao.network.hours import HOLIDAY, DayKind, Session, day_kind, is_open_at, sessions_on

HALL = [Session(d, time(9), time(12)) for d in range(5)] + [
    Session(d, time(14), time(17, 30)) for d in range(5)
]
BANK = HALL + [Session(d, time(18), time(20)) for d in range(5)] + [Session(5, time(9, 30), time(16))]
BANK += [Session(HOLIDAY, time(10), time(15))]


def at(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm)


def test_the_calendar_names_ordinary_days_weekends_holidays_and_make_up_days():
    assert day_kind(date(2025, 9, 30)) == DayKind.WORKDAY  # Tuesday
    assert day_kind(date(2025, 9, 27)) == DayKind.WEEKEND  # ordinary Saturday
    assert day_kind(date(2025, 10, 1)) == DayKind.HOLIDAY  # National Day, a Wednesday
    assert day_kind(date(2025, 10, 4)) == DayKind.HOLIDAY  # a Saturday inside the holiday
    assert day_kind(date(2025, 9, 28)) == DayKind.MAKEUP  # Sunday worked in exchange
    assert day_kind(date(2025, 10, 11)) == DayKind.MAKEUP  # Saturday worked in exchange


def test_a_hall_is_closed_over_lunch_and_after_hours_on_a_working_day():
    assert is_open_at(HALL, at(2025, 9, 30, 9, 0))
    assert not is_open_at(HALL, at(2025, 9, 30, 12, 30))
    assert is_open_at(HALL, at(2025, 9, 30, 17, 29))
    assert not is_open_at(HALL, at(2025, 9, 30, 17, 30))


def test_on_a_public_holiday_only_holiday_sessions_apply():
    assert not is_open_at(HALL, at(2025, 10, 1, 10))
    assert is_open_at(BANK, at(2025, 10, 1, 10))
    assert not is_open_at(BANK, at(2025, 10, 1, 19))  # the weekday evening session does not apply
    assert not is_open_at(BANK, at(2025, 10, 4, 9, 45))  # a holiday Saturday: not the Saturday session


def test_on_a_make_up_working_sunday_the_hall_keeps_its_working_day_hours():
    assert is_open_at(HALL, at(2025, 9, 28, 10))
    assert not is_open_at(HALL, at(2025, 9, 28, 13))
    assert not is_open_at(HALL, at(2025, 9, 21, 10))  # an ordinary Sunday


def test_on_a_make_up_saturday_a_bank_keeps_both_its_weekday_evening_and_its_saturday_hours():
    assert sessions_on(BANK, date(2025, 10, 11)) == [
        (time(9), time(12)),
        (time(9, 30), time(16)),
        (time(14), time(17, 30)),
        (time(18), time(20)),
    ]
    assert is_open_at(BANK, at(2025, 10, 11, 19))


# A year the built-in calendar does not know is looked up among the administrator's holiday schedules.
@pytest.mark.django_db
def test_a_year_the_calendar_does_not_know_falls_back_to_the_weekday_rule():
    assert day_kind(date(2099, 6, 1)) == DayKind.WORKDAY  # a Monday
    assert day_kind(date(2099, 6, 6)) == DayKind.WEEKEND
