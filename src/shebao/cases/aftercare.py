"""After the window: the applicant supplements (补正, online or at any window), the result is delivered
(综合窗口出件), and overdue deficiencies are reminded, then suspended with a notice (never dropped)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.cases import clock
from shebao.cases.backoffice import MAX_SUPPLEMENT_DAYS, lock_case, lock_case_for, require_on_case
from shebao.cases.machine import move, record
from shebao.cases.models import Case, CaseScan, DeliveryMethod
from shebao.cases.states import OUTSTANDING_MATERIALS, CaseState, MaterialStatus, StepState
from shebao.cases.uploads import CheckedScan
from shebao.core.errors import Conflict, InvalidTransition, NotAllowed, ValidationFailed
from shebao.core.models import Outlet, Role
from shebao.core.permissions import staff_of
from shebao.people.models import Person
from shebao.people.proxies import is_bound

REMIND_WITHIN_DAYS = 2  # working days before the supplement deadline
WAITING_STATES = frozenset(
    {CaseState.ACCEPTED, CaseState.IN_REVIEW, CaseState.RETURNED, CaseState.SUPPLEMENTED, CaseState.APPROVED}
)


def holds_document(case: Case, id_number: str) -> bool:
    """The citizen proves the case is theirs with any of their identity document numbers."""
    number = (id_number or "").replace(" ", "").upper()
    return bool(number) and case.person.documents.filter(number=number).exists()


def _resume_state(case: Case) -> str:
    """Where a case stood when the deficiency stopped it."""
    steps = list(case.steps.all())
    if all(s.state == StepState.APPROVED for s in steps):
        return CaseState.COMPLETED
    if any(s.state == StepState.RETURNED for s in steps):
        return CaseState.SUPPLEMENTED
    if any(s.state != StepState.OPEN for s in steps):
        return CaseState.IN_REVIEW
    return CaseState.ACCEPTED


def _after_supply(case: Case, actor, citizen: Person | None = None) -> None:
    """Move on once nothing blocks any more."""
    outstanding = case.materials.filter(status__in=OUTSTANDING_MATERIALS)
    dues = [m.due for m in outstanding]
    case.deficiency_due = min(dues) if dues else None
    case.save(update_fields=["deficiency_due"])
    target = None
    if case.state == CaseState.RETURNED and not outstanding.filter(status=MaterialStatus.REQUESTED).exists():
        target = CaseState.SUPPLEMENTED
    elif case.state == CaseState.APPROVED and not dues and not _to_check(case):
        target = CaseState.COMPLETED
    elif case.state == CaseState.SUSPENDED and not [d for d in dues if d < clock.today()]:
        target = _resume_state(case)
    if target is None:
        return
    if target == CaseState.SUPPLEMENTED:
        # The returned step waits in the queue again; the clock restarts with the days that were left.
        case.steps.filter(state=StepState.RETURNED).update(
            state=StepState.OPEN, claimed_by=None, claimed_at=None
        )
    if case.paused_days is not None and target != CaseState.COMPLETED:
        # Back from the citizen (supplemented, or resumed after a suspension): the agency's clock restarts
        # from today with the working days it had left, so a resumed case is not born overdue.
        case.start_clock(clock.today(), case.paused_days)
        case.paused_days = None
    if target == CaseState.COMPLETED:
        if dues or _to_check(case):  # a suspended case whose steps are all approved still waits
            target = CaseState.APPROVED
        else:
            case.completed_at = timezone.now()
    case.save(update_fields=["deadline", "deadline_from", "deadline_days", "paused_days", "completed_at"])
    action = "resumed" if case.state == CaseState.SUSPENDED else "supplemented"
    move(case, target, action, actor=actor, citizen=citizen)


def _to_check(case: Case) -> bool:
    return case.materials.filter(status=MaterialStatus.TO_CHECK).exists()


def may_act_for(citizen: Person, case: Case) -> bool:
    """The applicant, or someone bound to act for them (亲情代办)."""
    return citizen.pk == case.person_id or is_bound(proxy=citizen, principal=case.person)


def _check_supplier(case: Case, actor, citizen: Person | None, id_number: str, scans) -> None:
    if actor is not None:
        require_on_case(actor, "cases.case.supplement", case)
        return
    if citizen is not None:
        if not may_act_for(citizen, case):
            raise NotAllowed(_("You may not act for the applicant of this case."), code="not_your_case")
    elif not holds_document(case, id_number):
        raise NotAllowed(_("The case number and the document number do not match."), code="not_your_case")
    if not scans:
        raise ValidationFailed(fields={"file": _("Please attach a scan or photo of the material.")})


def case_supplement(
    *,
    number: str,
    material_key: str,
    scans: Sequence[CheckedScan] = (),
    actor=None,
    id_number: str = "",
    citizen: Person | None = None,
) -> Case:
    """Supply a missing material. Staff (any window of the network, or the back office) may record a
    paper original; a citizen uploads a scan, signed in (as the applicant or their bound proxy) or with
    the case number and the applicant's document number. Who acted is recorded."""
    with transaction.atomic():
        case = lock_case(number)
        _check_supplier(case, actor, citizen, id_number, scans)
        material = case.materials.filter(key=material_key).first()
        if material is None or material.status not in OUTSTANDING_MATERIALS:
            raise Conflict(_("This material is not missing from the case."), code="nothing_missing")
        if case.state in (CaseState.REJECTED, CaseState.DELIVERED, CaseState.COMPLETED):
            raise InvalidTransition()
        for scan in scans:  # several pictures of one material: a card's front and back
            CaseScan.objects.create(
                case=case,
                material_key=material_key,
                file=scan.store("cases", clock.today()),
                content_type=scan.content_type,
                size=len(scan.content),
                sha256=scan.sha256,
                uploaded_by=actor,
            )
        # Staff saw the original; a citizen's upload waits for staff to check it (never closes a case alone).
        material.status = MaterialStatus.SUPPLIED if actor is not None else MaterialStatus.TO_CHECK
        material.supplied_at = timezone.now()
        material.save(update_fields=["status", "supplied_at"])
        data = {"material": material_key, "channel": "staff" if actor else "online"}
        if citizen is not None:
            data["by"] = "applicant" if citizen.pk == case.person_id else "proxy"
        record(case, "material_supplied", actor=actor, data=data, citizen=citizen)
        _after_supply(case, actor, citizen)
    return case


def case_material_check(
    *, user, number: str, material_key: str, accept: bool, reason: str = "", days: int = 5
) -> Case:
    """Staff check a material the citizen uploaded: accept it (the case moves on, and completes if it was
    only waiting for it), or ask for it again saying why, with a new due date in working days."""
    reason = (reason or "").strip()
    if not accept:
        fields = {}
        if len(reason) < 4:
            fields["reason"] = _("Say what is wrong with the file, so the applicant can fix it in one go.")
        if not isinstance(days, int) or not 1 <= days <= MAX_SUPPLEMENT_DAYS:
            fields["days"] = _("Between 1 and %(max)s working days.") % {"max": MAX_SUPPLEMENT_DAYS}
        if fields:
            raise ValidationFailed(fields=fields)
    with transaction.atomic():
        case = lock_case_for(user, "cases.material.check", number)
        material = case.materials.filter(key=material_key, status=MaterialStatus.TO_CHECK).first()
        if material is None:
            raise Conflict(_("This material is not waiting to be checked."), code="nothing_to_check")
        if accept:
            material.status = MaterialStatus.SUPPLIED
            material.save(update_fields=["status"])
            record(case, "material_accepted", actor=user, data={"material": material_key})
            _after_supply(case, user)
            return case
        due = clock.add_working_days(clock.today(), days)
        material.status, material.due, material.supplied_at = MaterialStatus.REQUESTED, due, None
        material.save(update_fields=["status", "due", "supplied_at"])
        case.deficiency_due = min(d for d in [due, case.deficiency_due] if d)
        case.save(update_fields=["deficiency_due"])
        data = {"material": material_key, "due": due.isoformat()}
        record(case, "material_asked_again", actor=user, data=data, reason=reason)
    return case


def _delivery_outlet(case: Case, outlet_code: str) -> Outlet:
    outlet = Outlet.objects.filter(code=outlet_code).select_related("agency").first()
    if outlet is None or outlet.status != "open":
        raise ValidationFailed(fields={"outlet": _("Choose an open service point.")})
    if outlet.agency.root_path != case.home_agency.root_path:
        raise ValidationFailed(fields={"outlet": _("Choose a service point of the same network.")})
    return outlet


def case_choose_delivery(
    *, number: str, citizen: Person, method: str, outlet_code: str = "", address: str = ""
) -> Case:
    """The applicant (or their bound proxy) chooses how the result reaches them: pick-up at a chosen
    outlet, mail to an address, or electronic (the letter in My services)."""
    address = (address or "").strip()
    if method not in DeliveryMethod.values:
        raise ValidationFailed(fields={"method": _("Unknown delivery method.")})
    if method == DeliveryMethod.MAIL and not 6 <= len(address) <= 200:
        raise ValidationFailed(fields={"address": _("Enter the full postal address.")})
    with transaction.atomic():
        case = lock_case(number)
        if not may_act_for(citizen, case):
            raise NotAllowed(_("You may not act for the applicant of this case."), code="not_your_case")
        if case.state in (CaseState.DELIVERED, CaseState.REJECTED):
            raise InvalidTransition(_("The result has already been handed over."))
        case.delivery_method = method
        case.delivery_outlet = (
            _delivery_outlet(case, outlet_code) if method == DeliveryMethod.WINDOW else None
        )
        case.delivery_address = address if method == DeliveryMethod.MAIL else ""
        case.save(update_fields=["delivery_method", "delivery_outlet", "delivery_address"])
        data = {"method": method, "outlet": getattr(case.delivery_outlet, "code", "")}
        record(case, "delivery_chosen", data=data, citizen=citizen)
    return case


def _handed_over_at(staff, case: Case, method: str, outlet_code: str) -> Outlet | None:
    """Where a window hand-over happened: a teller hands over at their own window only (the outlet in
    the request is checked against it, never trusted); the back office names a pick-up point."""
    if method != DeliveryMethod.WINDOW:
        return case.delivery_outlet
    if staff.outlet_id is not None and staff.has_role(Role.TELLER):
        if outlet_code and outlet_code != staff.outlet.code:
            raise ValidationFailed(fields={"outlet": _("You hand results over at your own service point.")})
        return staff.outlet
    return _delivery_outlet(case, outlet_code) if outlet_code else case.delivery_outlet


def case_deliver(
    *, user, number: str, method: str = "", outlet_code: str = "", tracking_number: str = ""
) -> Case:
    """Hand over the result (or the decision letter of a refusal): at a window, by mail with the postal
    tracking number, or electronically. Without a method, the one the applicant chose. The right to hand
    over is decided first, on the case as stored (its accepting and chosen outlets)."""
    tracking_number = (tracking_number or "").strip()
    with transaction.atomic():
        case = lock_case(number)
        require_on_case(user, "cases.case.deliver", case)
        staff = staff_of(user)
        method = method or case.delivery_method
        if method not in DeliveryMethod.values:
            raise ValidationFailed(fields={"method": _("Unknown delivery method.")})
        case.delivery_outlet = _handed_over_at(staff, case, method, outlet_code)
        if method == DeliveryMethod.MAIL:
            fields = {}
            if not case.delivery_address:
                fields["address"] = _("The applicant has not given a postal address.")
            if not 6 <= len(tracking_number) <= 40:
                fields["tracking_number"] = _("Enter the postal tracking number.")
            if fields:
                raise ValidationFailed(fields=fields)
            case.mail_tracking_number = tracking_number
        case.delivery_method, case.delivered_at = method, timezone.now()
        case.save(
            update_fields=["delivery_method", "delivery_outlet", "delivered_at", "mail_tracking_number"]
        )
        data = {"method": method}
        if tracking_number:
            data["tracking_number"] = tracking_number
        move(case, CaseState.DELIVERED, "delivered", actor=user, data=data)
    return case


def _stop_clock(case: Case, today) -> None:
    """Suspension is the citizen's time: keep the working days the agency had left (a returned case
    already kept them), to restart from the resumption."""
    if case.paused_days is None:
        case.paused_days = max(clock.working_days_between(today, case.deadline), 0)
        case.save(update_fields=["paused_days"])


def case_reminders(*, today=None) -> dict[str, int]:
    """Run daily (`python -m shebao case_reminders`). Idempotent: a case is reminded at most once a day
    and suspended once; running it twice changes nothing the second time."""
    today = today or clock.today()
    counts = {"reminded": 0, "suspended": 0}
    due_cases = Case.objects.filter(state__in=WAITING_STATES, deficiency_due__isnull=False).values_list(
        "number", flat=True
    )
    for number in list(due_cases):
        with transaction.atomic():
            case = lock_case(number)
            if case.state not in WAITING_STATES or case.deficiency_due is None:
                continue
            missing = list(
                case.materials.filter(status__in=OUTSTANDING_MATERIALS).values_list("name", flat=True)
            )
            if case.deficiency_due < today:
                _stop_clock(case, today)
                move(
                    case,
                    CaseState.SUSPENDED,
                    "suspended",
                    reason=str(_("A missing material is overdue.")),
                    data={"missing": missing, "due": case.deficiency_due.isoformat()},
                )
                counts["suspended"] += 1
            elif case.reminded_on != today and clock.working_days_between(today, case.deficiency_due) <= (
                REMIND_WITHIN_DAYS
            ):
                case.reminded_on = today
                case.save(update_fields=["reminded_on"])
                record(case, "reminded", data={"missing": missing, "due": case.deficiency_due.isoformat()})
                counts["reminded"] += 1
    return counts
