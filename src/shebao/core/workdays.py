"""Working days on the official Chinese calendar (RULES.md, "Working days and time limits").

Time limits are counted in working days: weekends and public holidays are off, and the announced make-up
working days (调休, often a Saturday or Sunday) are worked. The holidays come from chinese_calendar, which
only knows the years published before its release. The State Council's notice for the next year comes out
in the autumn, often before a release that has it: an administrator can then enter that year's notice
(core.HolidaySchedule, loaded through `use_supplement`). A notice entered for a year the library already
knows amends it (a late extension, as in 2020): the days it lists win over the library's. A question
about any year that neither knows raises CalendarUnknownYear: treating every weekday as a working day
would silently set wrong deadlines.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType

import chinese_calendar

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class YearSchedule:
    """One year's public holidays and make-up working days, as the State Council's notice lists them."""

    year: int
    holidays: frozenset[date]
    make_up_workdays: frozenset[date]

    def lists(self, d: date) -> bool:
        return d in self.holidays or d in self.make_up_workdays

    def is_working_day(self, d: date) -> bool:
        d = d.date() if isinstance(d, datetime) else d
        if d in self.make_up_workdays:
            return True
        return d not in self.holidays and d.weekday() < 5


_NO_SCHEDULES: Mapping[int, YearSchedule] = MappingProxyType({})


def _no_supplement() -> Mapping[int, YearSchedule]:
    return _NO_SCHEDULES


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


def _known_in(year: int, schedules: Mapping[int, YearSchedule]) -> bool:
    """Whether the library or one of these entered schedules knows the year (known_years without making
    the set: asked for every day counted)."""
    return year in library_years() or year in schedules


def _require_known(*days: date) -> None:
    for day in days:
        if not _known_in(day.year, _supplement()):
            raise CalendarUnknownYear(day.year)


# The days already decided, with the schedules they were decided under: kept while the loader hands back
# the same mapping (core.holidays keeps one for a minute, and a new one after a schedule is saved). Every
# intake counts the same few weeks of days; deciding each again was about 4% of an intake's work.
_decided: tuple[Mapping[int, YearSchedule], dict[tuple[date, bool], bool]] = (_NO_SCHEDULES, {})
MOST_DECIDED = 20_000  # days (about 27 years of both answers): a bound, past it they are decided afresh


def _kept(d: date, provisional: bool, decide: Callable[[date, Mapping[int, YearSchedule]], bool]) -> bool:
    global _decided
    schedules = _supplement()
    kept_for, days = _decided
    if kept_for is not schedules or len(days) >= MOST_DECIDED:
        days = {}
        _decided = (schedules, days)  # one assignment: another thread sees the old pair or the new one
    key = (d.date() if isinstance(d, datetime) else d, provisional)
    answer = days.get(key)
    if answer is None:
        answer = days[key] = decide(key[0], schedules)  # an unknown year raises: nothing kept
    return answer


def is_working_day(d: date) -> bool:
    """True on ordinary weekdays and make-up working days; False on weekends and public holidays."""
    return _kept(d, False, _decide)


def _decide(d: date, schedules: Mapping[int, YearSchedule]) -> bool:
    schedule = schedules.get(d.year)
    if d.year in library_years():
        if schedule is not None and schedule.lists(d):
            # An amendment of a year the library knows (a late extension, as in 2020): the days it
            # lists win, every other day keeps the library's answer.
            return d in schedule.make_up_workdays
        return bool(chinese_calendar.is_workday(d))
    if schedule is None:
        raise CalendarUnknownYear(d.year)
    return schedule.is_working_day(d)


def is_public_holiday(d: date) -> bool:
    """True on a public holiday, including a weekend day inside a holiday period (1-7 October), whether
    the library or an entered notice says so; False on other days. Raises CalendarUnknownYear."""
    if is_working_day(d):
        return False
    schedule = _supplement().get(d.year)
    if schedule is not None and d in schedule.holidays:
        return True
    if d.year in library_years() and (schedule is None or not schedule.lists(d)):
        return chinese_calendar.get_holiday_detail(d)[1] is not None
    if d.weekday() < 5:
        return True  # a weekday off is a holiday
    return _inside_holiday_period(d)


def _inside_holiday_period(weekend_day: date) -> bool:
    """A weekend day whose nearest weekdays before and after are both holidays (a notice may list a
    period's weekdays only: 2027-02-05, 2027-02-08~2027-02-11)."""
    before = weekend_day - timedelta(days=weekend_day.weekday() - 4)  # the Friday before
    after = weekend_day + timedelta(days=7 - weekend_day.weekday())  # the Monday after
    try:
        return all(not is_working_day(d) for d in (before, after))
    except CalendarUnknownYear:
        return False  # the period's other end lies in a year nobody knows yet: not shown as inside it


def _advance(start: date, n: int, working: Callable[[date], bool]) -> date:
    """The day n days counted by `working` after start (start itself not counted)."""
    if n < 0:
        raise ValueError("n must be 0 or more")
    day = start
    while n:
        day += _ONE_DAY
        if working(day):
            n -= 1
    return day


def _count(start: date, end: date, working: Callable[[date], bool]) -> int:
    """Days counted by `working` in (start, end]; negative when end is before start."""
    if end < start:
        return -_count(end, start, working)
    count, day = 0, start
    while day < end:
        day += _ONE_DAY
        count += working(day)
    return count


def add_working_days(start: date, n: int) -> date:
    """The date n working days after start; start itself is not counted, and n=0 returns start.

    Example (RULES.md): 5 working days after Tuesday 2025-09-30 is Tuesday 2025-10-14.
    """
    if n < 0:
        raise ValueError("n must be 0 or more")
    _require_known(start)  # even for n=0: a date outside the calendar is an error worth seeing early
    return _advance(start, n, is_working_day)


def working_days_between(start: date, end: date) -> int:
    """The number of working days in (start, end]; negative when end is before start."""
    _require_known(start, end)
    return _count(start, end, is_working_day)


def is_announced(d: date) -> bool:
    """Whether the day's year is known; a date counted into an unknown year is provisional."""
    return _known_in(d.year, _supplement())


def is_working_day_or_weekday(d: date) -> bool:
    """is_working_day, except that in a year neither the library nor an entered notice knows, Monday to
    Friday count: the provisional rule, used only where the answer is marked provisional."""
    return _kept(d, True, _decide_or_weekday)


def _decide_or_weekday(d: date, schedules: Mapping[int, YearSchedule]) -> bool:
    if _known_in(d.year, schedules):
        return _decide(d, schedules)
    return d.weekday() < 5


def _provisional(start: date, end: date) -> bool:
    """Whether a count from start to end passed through a year not yet announced."""
    known = known_years()
    return any(year not in known for year in range(min(start, end).year, max(start, end).year + 1))


def add_working_days_provisional(start: date, n: int) -> tuple[date, bool]:
    """add_working_days that never refuses: (the date, whether it is provisional). A count that passes
    through an unknown year takes that year's weekdays as working days, and says so; service must not
    stop because the State Council's notice for next year is not out yet (RULES.md)."""
    day = _advance(start, n, is_working_day_or_weekday)
    return day, _provisional(start, day)


def working_days_between_provisional(start: date, end: date) -> tuple[int, bool]:
    """working_days_between that never refuses: (the count, whether it is provisional)."""
    return _count(start, end, is_working_day_or_weekday), _provisional(start, end)


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
