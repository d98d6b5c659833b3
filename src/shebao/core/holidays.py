"""Holiday schedules entered by an administrator (core.HolidaySchedule) for the working-day calendar.

A schedule either gives a year the library does not know, or amends one it knows (only the days it lists
change). Each process keeps what it read for a minute, and forgets at once when a schedule is saved here; a
schedule saved in another process is seen within that minute.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import date

from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from shebao.core.errors import ValidationFailed
from shebao.core.models import HolidaySchedule
from shebao.core.workdays import YearSchedule, library_years

logger = logging.getLogger(__name__)
TTL_SECONDS = 60
_cache: dict = {"read_at": None, "schedules": {}}


def load_schedules() -> dict[int, YearSchedule]:
    now = time.monotonic()
    if _cache["read_at"] is None or now - _cache["read_at"] > TTL_SECONDS:
        try:
            rows = list(HolidaySchedule.objects.all())
        except (DatabaseError, RuntimeError) as unreadable:
            # Asked for every day now (amendments of the library's years): without the database (down,
            # or a pure computation outside a request), the library's years still answer; unknown years
            # stay unknown, loudly. RuntimeError: database access refused outside a request or test DB.
            logger.warning(
                "holiday schedules unreadable, the built-in calendar alone answers: %r", unreadable
            )
            return _cache["schedules"]
        _cache["schedules"] = {
            row.year: YearSchedule(
                row.year,
                frozenset(date.fromisoformat(d) for d in row.holidays),
                frozenset(date.fromisoformat(d) for d in row.make_up_workdays),
            )
            for row in rows
        }
        _cache["read_at"] = now
    return _cache["schedules"]


def forget(**kwargs) -> None:
    _cache["read_at"] = None


def check_schedule(
    year: int, holidays: Iterable[date], make_up_workdays: Iterable[date]
) -> tuple[list[str], list[str]]:
    """Sorted ISO dates of both lists, or ValidationFailed naming what a clerk typed wrong."""
    holidays, make_up = sorted(set(holidays)), sorted(set(make_up_workdays))
    errors = {}
    amendment = year in library_years()  # only the days listed change; the library keeps the rest
    if amendment and not (holidays or make_up):
        errors["holidays"] = _(
            "An amendment of a year the built-in calendar knows lists the days it changes."
        )
    if not amendment and not holidays:
        errors["holidays"] = _("A year's notice lists at least New Year's Day.")
    if any(d.year != year for d in [*holidays, *make_up]):
        errors["holidays"] = _("Every date must lie in the year of the schedule.")
    if any(d.weekday() < 5 for d in make_up):
        errors["make_up_workdays"] = _("A make-up working day is a Saturday or a Sunday.")
    if set(holidays) & set(make_up):
        errors["make_up_workdays"] = _("A day cannot be both a holiday and a make-up working day.")
    if errors:
        raise ValidationFailed(fields=errors)
    return [d.isoformat() for d in holidays], [d.isoformat() for d in make_up]


def parse_days(text: str) -> list[date]:
    """Dates as a notice lists them, one a line or separated by commas; a range as 2027-02-05~2027-02-11."""
    found: list[date] = []
    for part in text.replace("，", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "~" in part:
                first, last = (date.fromisoformat(p.strip()) for p in part.split("~", 1))
                found += [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]
            else:
                found.append(date.fromisoformat(part))
        except ValueError:
            raise ValidationFailed(
                _("“%(text)s” is not a date (YYYY-MM-DD) or a range (YYYY-MM-DD~YYYY-MM-DD).")
                % {"text": part}
            ) from None
    return found
