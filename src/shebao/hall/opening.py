"""Is the hall open to hand out tickets now, and if not, when does it open next, in words.

A ticket taken while the hall is closed would promise a wait and a place in line that nobody serves, so
it is refused with the next opening ("今天 13:30", "明天 9:00", "12月7日（周一）9:00") and a booking link.
A hall whose opening hours were never entered is not refused: nobody could say when it opens.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from shebao.core.errors import Conflict
from shebao.core.models import Outlet
from shebao.hall.slots import schedule_of
from shebao.network.hours import is_open_at, next_opening


def _weekday(d) -> str:
    names = (
        pgettext("short weekday", "Mon"),
        pgettext("short weekday", "Tue"),
        pgettext("short weekday", "Wed"),
        pgettext("short weekday", "Thu"),
        pgettext("short weekday", "Fri"),
        pgettext("short weekday", "Sat"),
        pgettext("short weekday", "Sun"),
    )
    return names[d.weekday()]


def when_in_words(at: datetime, now: datetime) -> str:
    """`at` as a visitor says it, seen from `now` (both local): today, tomorrow, or the date and weekday."""
    clock = f"{at.hour}:{at.minute:02d}"
    days = (at.date() - now.date()).days
    if days == 0:
        return gettext("today at %(time)s") % {"time": clock}
    if days == 1:
        return gettext("tomorrow at %(time)s") % {"time": clock}
    return gettext("%(weekday)s %(month)d/%(day)d at %(time)s") % {
        "month": at.month,
        "day": at.day,
        "weekday": _weekday(at),
        "time": clock,
    }


class HallClosed(Conflict):
    code = "hall_closed"


def closed_notice(outlet: Outlet, now: datetime | None = None) -> str | None:
    """None while the hall is open (or its hours are unknown); else the sentence saying when it opens."""
    local = timezone.localtime(now or timezone.now())
    schedule = schedule_of(outlet)
    if not schedule or is_open_at(schedule, local):
        return None
    opens = next_opening(schedule, local)
    if opens is None:
        return gettext("The hall is closed now and no opening is planned in the coming weeks.")
    return gettext("The hall is closed now. It opens %(when)s.") % {"when": when_in_words(opens, local)}


def refuse_when_closed(outlet: Outlet, now: datetime | None = None) -> None:
    notice = closed_notice(outlet, now)
    if notice is not None:
        raise HallClosed(notice)
