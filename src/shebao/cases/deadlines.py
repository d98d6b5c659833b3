"""Provisional time limits counted again when a year's holidays are entered (RULES.md, working days).

A limit that ran into a year the calendar did not know was counted on that year's weekdays. When an
administrator enters the year's notice (core.HolidaySchedule), every open case's limit and every
outstanding material's due date reaching into that year is counted again from what it was counted from;
a date that moves is recorded in the case's history and audit, and the applicant is texted."""

from __future__ import annotations

from django.db import transaction

from shebao.cases import clock
from shebao.cases.machine import record
from shebao.cases.models import Case, CaseMaterial
from shebao.cases.states import OUTSTANDING_MATERIALS, RUNNING_STATES, CaseState

OPEN_STATES = RUNNING_STATES | {CaseState.RETURNED, CaseState.SUSPENDED}


def recount_year(year: int) -> int:
    """Count again every open date that reaches into `year`; the number of cases whose dates moved."""
    moved = 0
    with transaction.atomic():
        cases = Case.objects.select_for_update().filter(state__in=OPEN_STATES, deadline__year__gte=year)
        for case in cases.exclude(deadline_from=None).select_related("item_version__item", "person"):
            old = case.deadline
            case.start_clock(case.deadline_from, case.deadline_days or 0)
            if case.deadline != old:
                case.save(update_fields=["deadline"])
                moved_to = case.deadline.isoformat()
                record(case, "deadline_recounted", data={"from": old.isoformat(), "to": moved_to})
                moved += 1
        materials = CaseMaterial.objects.select_for_update().filter(
            status__in=OUTSTANDING_MATERIALS, due__year__gte=year
        )
        touched = set()
        for m in materials.exclude(due_from=None):
            new = clock.add_working_days(m.due_from, m.due_days or 0)
            if new != m.due:
                m.due = new
                m.save(update_fields=["due"])
                touched.add(m.case_id)
        for case in Case.objects.filter(pk__in=touched):
            dues = case.materials.filter(status__in=OUTSTANDING_MATERIALS)
            case.deficiency_due = min(dues.values_list("due", flat=True), default=None)
            case.save(update_fields=["deficiency_due"])
    return moved


def on_holiday_schedule_saved(sender, instance, **kwargs) -> None:
    """core.HolidaySchedule post_save: core cannot call cases (apps depend one way), so cases listens."""
    from shebao.core import holidays

    holidays.forget()  # the new year's days must be read before counting with them
    recount_year(instance.year)
