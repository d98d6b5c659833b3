"""Reads of cases, scoped by the permission rules: queues, one case, the citizen's tracking view, the
time-limit monitor (remaining working days, yellow/red warnings, overdue list) and statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from shebao.cases import clock
from shebao.cases.aftercare import holds_document
from shebao.cases.backoffice import current_step, handled_steps, sod_refusal, unknown_case
from shebao.cases.models import Case, CaseScan, CaseStep, OnlineApplication
from shebao.cases.states import DECIDED_STATES, OPEN_STATES, RUNNING_STATES, CaseState, StepState
from shebao.core.audit import log_action
from shebao.core.errors import NotAllowed, NotFound
from shebao.core.models import Role
from shebao.core.permissions import can, require

YELLOW_DAYS = 2  # warn when this many working days or fewer are left
STATS_LIMIT = 30


def waits_for_citizen(case: Case) -> bool:
    """Decided, waiting only for a deferred material: the citizen's time, not the agency's."""
    return case.state == CaseState.APPROVED and case.deficiency_due is not None


def agency_late(today: date) -> Q:
    """Cases past their time limit while the agency's clock runs (overdue statistics count only these)."""
    return Q(state__in=RUNNING_STATES, deadline__lt=today) & ~Q(
        state=CaseState.APPROVED, deficiency_due__isnull=False
    )


def remaining_days(case: Case, today: date | None = None) -> int | None:
    """Working days left before the time limit (negative when overdue); None once the clock stopped."""
    if case.state not in RUNNING_STATES or waits_for_citizen(case):
        return None
    return clock.working_days_between(today or clock.today(), case.deadline)


def warning(days: int | None) -> str:
    """'' (fine), 'yellow' (due soon) or 'red' (due today or overdue)."""
    if days is None:
        return ""
    if days <= 0:
        return "red"
    return "yellow" if days <= YELLOW_DAYS else ""


WARNING_LABELS = {"": _("On time"), "yellow": _("Due soon"), "red": _("Due today or overdue")}


@dataclass
class QueueRow:
    case: Case
    step: CaseStep | None
    days: int | None
    warning: str
    mine: bool
    refusal: NotAllowed | None = None  # why the user may not claim the step (segregation of duties)

    @property
    def warning_label(self) -> str:
        return str(WARNING_LABELS[self.warning])


def _agency_cases(staff) -> QuerySet[Case]:
    return Case.objects.filter(home_agency__path__startswith=staff.agency.path)


def case_queue(*, user) -> list[QueueRow]:
    """Cases of the user's agency waiting for a step in one of their roles, and the steps they hold,
    most urgent first."""
    staff = require(user, "cases.queue.view")
    today = clock.today()
    cases = (
        _agency_cases(staff)
        .filter(state__in=OPEN_STATES)
        .filter(Q(steps__role__in=staff.role_codes) | Q(steps__claimed_by=user))
        .select_related("item_version__item", "person", "outlet", "home_agency")
        .prefetch_related("steps")
        .distinct()
        .order_by("deadline", "accepted_at")[:200]
    )
    rows = []
    cases = list(cases)
    handled = handled_steps(user, cases)
    for case in cases:
        steps = sorted(case.steps.all(), key=lambda s: s.position)
        step = next((s for s in steps if s.state != StepState.APPROVED), None)
        mine = step is not None and step.claimed_by_id == user.pk
        if step is None or not (mine or (step.state == StepState.OPEN and step.role in staff.role_codes)):
            continue
        days = remaining_days(case, today)
        refusal = None if mine else sod_refusal(case, step, user, handled[case.pk])
        rows.append(QueueRow(case, step, days, warning(days), mine, refusal))
    return rows


def case_scan(*, user, number: str, scan_id: int) -> CaseScan:
    """One scan of a case, for someone who may see the case; every look at it is in the audit log."""
    case = Case.objects.select_related("home_agency").filter(number=number).first()
    if case is None:
        raise NotFound(_("There is no case with this number."))
    require(user, "cases.case.view", case)
    scan = case.scans.filter(pk=scan_id).first()
    if scan is None:
        raise NotFound(_("This case has no such scan."))
    log_action("cases.case.scan_viewed", actor=user, obj=case, data={"material": scan.material_key})
    return scan


def case_detail(*, user, number: str) -> Case:
    case = (
        Case.objects.select_related(
            "item_version__item", "person", "outlet", "home_agency", "accepted_by__staff"
        )
        .prefetch_related("materials", "steps__claimed_by__staff", "events__actor__staff", "scans")
        .filter(number=number)
        .first()
    )
    if case is None or not can(user, "cases.case.view", case):
        raise unknown_case()  # the same answer for a case the user may not see: nothing is revealed
    log_action("cases.case.viewed", actor=user, obj=case, data={"number": case.number})
    return case


def next_step_for(case: Case) -> CaseStep | None:
    return current_step(case) if case.state in OPEN_STATES else None


def case_for_citizen(*, number: str, id_number: str) -> Case:
    """Tracking by case number + the applicant's document number. The same answer whether the number
    does not exist or the document does not match, so neither can be probed."""
    case = (
        Case.objects.select_related("item_version__item", "person", "outlet", "home_agency")
        .prefetch_related("materials", "events")
        .filter(number=(number or "").strip())
        .first()
    )
    if case is None or not holds_document(case, id_number):
        raise NotFound(_("No case matches this case number and document number."), code="no_matching_case")
    return case


def online_for_citizen(*, reference: str, id_number: str) -> OnlineApplication:
    """Tracking a WS… online application number like a case number, with the same answer for an unknown
    number and a document that does not match."""
    application = (
        OnlineApplication.objects.select_related("item", "person", "home_agency", "case")
        .filter(reference=(reference or "").strip().upper())
        .first()
    )
    number = (id_number or "").replace(" ", "").upper()
    if application is None or not number or not application.person.documents.filter(number=number).exists():
        raise NotFound(_("No case matches this case number and document number."), code="no_matching_case")
    return application


def overdue(*, user) -> list[QueueRow]:
    """The time-limit monitor's red list: running cases of the user's agency past their time limit."""
    staff = require(user, "cases.queue.view")
    today = clock.today()
    cases = (
        _agency_cases(staff)
        .filter(agency_late(today))
        .select_related("item_version__item", "outlet", "home_agency", "person")
        .order_by("deadline")[:500]
    )
    rows = []
    for case in cases:
        days = remaining_days(case, today)
        rows.append(QueueRow(case, next_step_for(case), days, warning(days), False))
    return rows


@dataclass
class Tally:
    key: str
    label: str
    accepted: int
    completed: int
    overdue: int


def _tally(qs: QuerySet[Case], field: str, label_field: str, today: date) -> list[Tally]:
    done = Q(state__in=DECIDED_STATES)
    late = agency_late(today)
    rows = (
        qs.values(field, label_field)
        .annotate(accepted=Count("id"), completed=Count("id", filter=done), overdue=Count("id", filter=late))
        .order_by("-accepted")[:STATS_LIMIT]
    )
    return [Tally(str(r[field]), r[label_field], r["accepted"], r["completed"], r["overdue"]) for r in rows]


def statistics(*, user, since: date | None = None) -> dict:
    """Accepted, completed and overdue, by outlet, home agency and item, within the user's agency."""
    staff = require(user, "cases.stats.view")
    today = clock.today()
    qs = Case.objects.all() if staff.has_role(Role.ADMIN) else _agency_cases(staff)
    if since is not None:
        qs = qs.filter(accepted_on__gte=since)
    totals = qs.aggregate(
        accepted=Count("id"),
        completed=Count("id", filter=Q(state__in=DECIDED_STATES)),
        overdue=Count("id", filter=agency_late(today)),
        suspended=Count("id", filter=Q(state=CaseState.SUSPENDED)),
    )
    return {
        "totals": totals,
        "by_outlet": _tally(qs, "outlet__code", "outlet__name", today),
        "by_agency": _tally(qs, "home_agency__code", "home_agency__name", today),
        "by_item": _tally(qs, "item_version__item__code", "item_version__item__name", today),
    }


@dataclass
class CitizenCase:
    case: Case
    days: int | None
    warning: str
    outstanding: list

    @property
    def warning_label(self) -> str:
        return str(WARNING_LABELS[self.warning])


def cases_for_citizen(*, persons: list) -> dict[int, list[CitizenCase]]:
    """The cases of each person the citizen acts for (themselves first), newest first."""
    today = clock.today()
    cases = (
        Case.objects.filter(person__in=persons)
        .select_related("item_version__item", "home_agency", "outlet")
        .prefetch_related("materials")
        .order_by("-accepted_at")[:200]
    )
    found: dict[int, list[CitizenCase]] = {p.pk: [] for p in persons}
    for case in cases:
        days = remaining_days(case, today)
        missing = [m for m in case.materials.all() if m.status in ("deferred", "requested")]
        found[case.person_id].append(CitizenCase(case, days, warning(days), missing))
    return found


def cases_handled_for_employers(*, citizen) -> list[Case]:
    """The employer view: the cases the citizen handed in as an employer's handling staff (经办人), newest
    first, for every employer they handled for (matched on the document they showed at the window)."""
    numbers = [d.number for d in citizen.documents.all()]
    return list(
        Case.objects.filter(employer__isnull=False, proxy_doc_number__in=numbers)
        .select_related("employer", "person", "item_version__item")
        .order_by("-accepted_at", "-id")[:500]
    )


def case_of_citizen(*, citizen, number: str) -> Case:
    """One case the signed-in citizen may see: their own or of someone they are bound to act for. The
    same answer whether it does not exist or is someone else's."""
    from shebao.cases.aftercare import may_act_for

    case = (
        Case.objects.select_related(
            "item_version__item", "person", "outlet", "home_agency", "delivery_outlet"
        )
        .prefetch_related("materials", "events__citizen")
        .filter(number=(number or "").strip())
        .first()
    )
    if case is None or not may_act_for(citizen, case):
        raise NotFound(_("There is no case with this number."), code="no_matching_case")
    return case


def pickup_outlets(case: Case, limit: int = 30) -> list:
    """Where the applicant may pick the result up: the accepting outlet, the one already chosen, and the
    open halls and centres of the home agency."""
    from shebao.core.models import Outlet, OutletLevel

    chosen = [o for o in (case.outlet, case.delivery_outlet) if o is not None]
    halls = Outlet.objects.filter(
        agency__path__startswith=case.home_agency.path,
        status="open",
        level__in=[OutletLevel.CITY, OutletLevel.DISTRICT, OutletLevel.TOWN],
    ).order_by("level", "code")[:limit]
    seen, result = set(), []
    for outlet in [*chosen, *halls]:
        if outlet.pk not in seen:
            seen.add(outlet.pk)
            result.append(outlet)
    return result
