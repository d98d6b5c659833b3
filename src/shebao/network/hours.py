"""Opening hours: which sessions apply on a date, and whether an outlet is open at a moment (no database).

A schedule is a list of sessions (day, opens, closes). `day` is 0-6 for Monday-Sunday, or HOLIDAY for
public holidays. A lunch break is simply the gap between a morning and an afternoon session; an evening
session is one more session. Which sessions apply on a date depends on the official calendar (core.workdays):

- an ordinary working day (Monday-Friday): that weekday's sessions;
- an ordinary weekend day: that weekday's sessions (most halls have none; banks and shops often do);
- a public holiday, including the weekend days inside a holiday period: only the HOLIDAY sessions;
- a make-up working day (调休上班, a Saturday or Sunday declared a working day): it is a working day, so
  the outlet keeps its ordinary working-day hours, taken from its MONDAY sessions (the calendar does not
  say which weekday a make-up day stands for; every demo hall has the same hours Monday-Friday), plus any
  sessions it keeps on that weekend day anyway (a bank's Saturday hours do not disappear).
Years the calendar does not know fall back to the plain weekday rule: "open now" is a convenience, and a
wrong answer in an unpublished year is better than none (deadlines, unlike this, refuse such years).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from shebao.core.workdays import CalendarUnknownYear, is_public_holiday, is_working_day

logger = logging.getLogger(__name__)

HOLIDAY = 7
MONDAY = 0


class DayKind:
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP = "makeup"


@dataclass(frozen=True, order=True)
class Session:
    day: int
    opens: time
    closes: time


def day_kind(d: date) -> str:
    weekend = d.weekday() >= 5
    try:
        working = is_working_day(d)
        holiday = not working and is_public_holiday(d)
    except CalendarUnknownYear as unknown:
        # Loud, not silent: opening hours fall back to the plain week until the calendar is updated.
        logger.error("opening hours use the plain week: %s", unknown)
        return DayKind.WEEKEND if weekend else DayKind.WORKDAY
    if working:
        return DayKind.MAKEUP if weekend else DayKind.WORKDAY
    # A weekend day inside a holiday period (e.g. 1-7 October, or one an administrator entered) counts
    # as the holiday.
    return DayKind.HOLIDAY if holiday else DayKind.WEEKEND


def sessions_on(schedule: Iterable[Session], d: date) -> list[tuple[time, time]]:
    kind = day_kind(d)
    days = {
        DayKind.WORKDAY: {d.weekday()},
        DayKind.WEEKEND: {d.weekday()},
        DayKind.HOLIDAY: {HOLIDAY},
        DayKind.MAKEUP: {MONDAY, d.weekday()},
    }[kind]
    return sorted((s.opens, s.closes) for s in schedule if s.day in days)


def is_open_at(schedule: Iterable[Session], moment: datetime) -> bool:
    """`moment` is local (Asia/Shanghai) time; a session includes its opening minute, not its closing one."""
    now = moment.time()
    return any(opens <= now < closes for opens, closes in sessions_on(schedule, moment.date()))


def week(schedule: Iterable[Session]) -> list[tuple[int, list[tuple[time, time]]]]:
    """(day 0-7, sessions) for Monday to Sunday and public holidays, for the outlet page."""
    return [
        (day, sorted((s.opens, s.closes) for s in schedule if s.day == day)) for day in range(HOLIDAY + 1)
    ]


def next_opening(schedule: Iterable[Session], moment: datetime, *, days: int = 31) -> datetime | None:
    """When the outlet next opens after `moment` (local time, same tzinfo), looking `days` ahead; None when
    no session falls in that time (hours not entered, or a long closure)."""
    sessions = list(schedule)
    for offset in range(days + 1):
        d = moment.date() + timedelta(days=offset)
        for opens, _closes in sessions_on(sessions, d):
            at = datetime.combine(d, opens, tzinfo=moment.tzinfo)
            if at > moment:
                return at
    return None
