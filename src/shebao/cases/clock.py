"""Today's date for the case rules, in one place so tests and demo data can pin it, and the working-day
calendar's gap (an unknown year) becomes one clear, loud domain error."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core import workdays
from shebao.core.errors import ApplicationError


class CalendarOutOfRange(ApplicationError):
    """The official holiday calendar does not reach this date yet: no deadline can be computed. Never
    guessed from weekdays; the fix is a chinesecalendar update (see core.workdays)."""

    code = "calendar_unknown_year"
    status = 503
    default_message = _(
        "The working-day calendar does not know the holidays of %(year)s yet, so the time limit cannot be "
        "computed. Please tell the system administrator to update the holiday calendar."
    )

    def __init__(self, year: int) -> None:
        super().__init__(self.default_message % {"year": year})
        self.year = year


def today() -> date:
    return timezone.localdate()


def add_working_days(start: date, n: int) -> date:
    try:
        return workdays.add_working_days(start, n)
    except workdays.CalendarUnknownYear as exc:
        raise CalendarOutOfRange(exc.year) from exc


def working_days_between(start: date, end: date) -> int:
    try:
        return workdays.working_days_between(start, end)
    except workdays.CalendarUnknownYear as exc:
        raise CalendarOutOfRange(exc.year) from exc
