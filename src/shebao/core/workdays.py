"""Working days on the official Chinese calendar (RULES.md, "Working days and time limits").

Time limits are counted in working days: weekends and public holidays are off, and the announced make-up
working days (调休, often a Saturday or Sunday) are worked. The holidays come from chinese_calendar, which
only knows the years published before its release. The State Council's notice for the next year comes out
in the autumn, often before a release that has it: an administrator can then enter that year's notice
(core.HolidaySchedule, loaded through `use_supplement`). A question about any year that neither knows raises
CalendarUnknownYear: treating every weekday as a working day would silently set wrong deadlines.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class YearSchedule:
    """One year's public holidays and make-up working days, as the State Council's notice lists them."""

    year: int
    holidays: frozenset[date]
    make_up_workdays: frozenset[date]

    def is_working_day(self, d: date) -> bool:
        d = d.date() if isinstance(d, datetime) else d
        if d in self.make_up_workdays:
            return True
        return d not in self.holidays and d.weekday() < 5


def _no_supplement() -> Mapping[int, YearSchedule]:
    return {}


_supplement: Callable[[], Mapping[int, YearSchedule]] = _no_supplement


def use_supplement(loader: Callable[[], Mapping[int, YearSchedule]] | None) -> None:
    """Years the library does not know, from elsewhere (the database); asked only for those years."""
    global _supplement
    _supplement = loader or _no_supplement


class CalendarUnknownYear(Exception):
    """The working-day calendar has no data for a year."""

    def __init__(self, year: int) -> None:
        self.year = year
        library = library_years()
        super().__init__(
            f"The working-day calendar does not know the year {year} (chinesecalendar "
            f"{chinese_calendar.__version__} knows {library.start}-{library.stop - 1}). The State Council "
            "publishes each year's holidays late in the year before: enter its notice as a holiday schedule "
            "in the administration, or update the chinesecalendar dependency once it has the year."
        )


@functools.cache  # the library's tables do not change while the process runs
def library_years() -> range:
    """The years chinese_calendar has holiday data for, read from its own tables."""
    years = [day.year for day in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def known_years() -> frozenset[int]:
    """Every year a working day can be decided for: the library's, and the schedules entered since."""
    return frozenset(library_years()) | frozenset(_supplement())


def known_until() -> int:
    """The last year of the unbroken run of known years from the library's first."""
    known = known_years()
    year = library_years().stop - 1
    while year + 1 in known:
        year += 1
    return year


def _require_known(*days: date) -> None:
    for day in days:
        if day.year not in library_years() and day.year not in _supplement():
            raise CalendarUnknownYear(day.year)


def is_working_day(d: date) -> bool:
    """True on ordinary weekdays and make-up working days; False on weekends and public holidays."""
    if d.year in library_years():
        return bool(chinese_calendar.is_workday(d))
    schedule = _supplement().get(d.year)
    if schedule is None:
        raise CalendarUnknownYear(d.year)
    return schedule.is_working_day(d)


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


def is_announced(d: date) -> bool:
    """Whether the day's year is known; a date counted into an unknown year is provisional."""
    return d.year in known_years()


def is_working_day_or_weekday(d: date) -> bool:
    """is_working_day, except that in a year neither the library nor an entered notice knows, Monday to
    Friday count: the provisional rule, used only where the answer is marked provisional."""
    if d.year in known_years():
        return is_working_day(d)
    return d.weekday() < 5


def add_working_days_provisional(start: date, n: int) -> tuple[date, bool]:
    """add_working_days that never refuses: (the date, whether it is provisional). A count that passes
    through an unknown year takes that year's weekdays as working days, and says so; service must not
    stop because the State Council's notice for next year is not out yet (RULES.md)."""
    if n < 0:
        raise ValueError("n must be 0 or more")
    day = start
    while n:
        day += _ONE_DAY
        if is_working_day_or_weekday(day):
            n -= 1
    return day, not all(y in known_years() for y in range(start.year, day.year + 1))


def working_days_between_provisional(start: date, end: date) -> tuple[int, bool]:
    """working_days_between that never refuses: (the count, whether it is provisional)."""
    if end < start:
        count, provisional = working_days_between_provisional(end, start)
        return -count, provisional
    count, day = 0, start
    while day < end:
        day += _ONE_DAY
        count += is_working_day_or_weekday(day)
    return count, not all(y in known_years() for y in range(start.year, end.year + 1))


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
