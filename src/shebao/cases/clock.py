"""Today's date for the case rules, in one place so tests and demo data can pin it, and the working-day
arithmetic of time limits. A limit that runs into a year whose holidays are not announced yet is counted
on that year's weekdays and is provisional (RULES.md): service does not stop, every page and text that
shows such a date marks it (core.typography.due_date), staff are told loudly that the year is missing
(banner, /healthz), and cases.deadlines recomputes every such date when the year's notice is entered."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from shebao.core import workdays


def today() -> date:
    return timezone.localdate()


def add_working_days(start: date, n: int) -> date:
    """n working days after start; provisional (weekdays) in a year not yet announced."""
    return workdays.add_working_days_provisional(start, n)[0]


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; provisional (weekdays) in a year not yet announced."""
    return workdays.working_days_between_provisional(start, end)[0]
