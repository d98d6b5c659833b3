"""Working days on the official Chinese calendar (RULES.md, "Working days and time limits").

Time limits are counted in working days: weekends and public holidays are off, and the announced make-up
working days (调休, often a Saturday or Sunday) are worked. The holidays come from chinese_calendar, which
only knows the years published before its release. A question about any other year raises CalendarUnknownYear:
treating every weekday as a working day would silently set wrong deadlines.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import chinese_calendar

_ONE_DAY = timedelta(days=1)


class CalendarUnknownYear(Exception):
    """The working-day calendar has no data for a year."""

    def __init__(self, year: int) -> None:
        self.year = year
        known = known_years()
        super().__init__(
            f"The working-day calendar does not know the year {year} (chinesecalendar "
            f"{chinese_calendar.__version__} knows {known.start}-{known.stop - 1}). The State Council "
            "publishes each year's holidays late in the year before; update the chinesecalendar dependency "
            "once it has."
        )


@functools.cache  # the library's tables do not change while the process runs
def known_years() -> range:
    """The years chinese_calendar has holiday data for, read from its own tables."""
    years = [day.year for day in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def _require_known(*days: date) -> None:
    for day in days:
        if day.year not in known_years():
            raise CalendarUnknownYear(day.year)


def is_working_day(d: date) -> bool:
    """True on ordinary weekdays and make-up working days; False on weekends and public holidays."""
    _require_known(d)
    return bool(chinese_calendar.is_workday(d))


def add_working_days(start: date, n: int) -> date:
    """The date n working days after start; start itself is not counted, and n=0 returns start.

    Example (RULES.md): 5 working days after Tuesday 2025-09-30 is Tuesday 2025-10-14.
    """
    if n < 0:
        raise ValueError("n must be 0 or more")
    _require_known(start)  # even for n=0: a date outside the calendar is an error worth seeing early
    day = start
    while n:
        day += _ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """The number of working days in (start, end]; negative when end is before start."""
    _require_known(start, end)
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += _ONE_DAY
        count += is_working_day(day)
    return count


def next_working_day(d: date) -> date:
    """The first working day strictly after d (the same as add_working_days(d, 1))."""
    return add_working_days(d, 1)


# The State Council announces the next year's holidays in the autumn; from November on, a calendar that
# does not know next year already makes long time limits impossible to compute.
NEXT_YEAR_NEEDED_FROM_MONTH = 11


def calendar_outdated(today: date) -> bool:
    """True when the calendar should already know a year it does not (shown to staff and in /healthz)."""
    needed = today.year + 1 if today.month >= NEXT_YEAR_NEEDED_FROM_MONTH else today.year
    return needed not in known_years()
