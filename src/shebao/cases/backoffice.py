"""The back office of the home agency (后台分类审批): claim a step, decide it, transfer a case.

Every action locks the case row first, so two people acting on one case are served one after the other
and the second sees what the first did. Segregation of duties (受办分离, 岗位互斥) is checked here, on
the case's own history, and the database refuses one person holding two steps (cases_one_step_per_person).
Lessons from OpenSPP #294/#771: a step is decided only by whoever claimed it, and only once every earlier
step is approved.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.cases import clock
from shebao.cases.machine import move
from shebao.cases.models import Case, CaseEvent, CaseMaterial, CaseStep
from shebao.cases.states import (
    BLOCKING_COMPLETION,
    OPEN_STATES,
    CaseState,
    MaterialStatus,
    StepState,
)
from shebao.core.errors import (
    ApplicationError,
    Conflict,
    InvalidTransition,
    NotAllowed,
    NotFound,
    ValidationFailed,
)
from shebao.core.models import Agency, Role
from shebao.core.permissions import can, require, staff_of

MAX_SUPPLEMENT_DAYS = 60


def lock_case(number: str) -> Case:
    """The case row, locked until the transaction ends (call inside transaction.atomic)."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("home_agency", "item_version__item")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise unknown_case()
    return case


def unknown_case() -> NotFound:
    """The one answer for a case that does not exist and for one the actor may not see: the same status,
    message and fields, so a refusal reveals neither that the case exists nor its state."""
    return NotFound(_("There is no case with this number."), fields={"number": _("Unknown case.")})


def require_on_case(user, action: str, case: Case) -> None:
    """The actor's right to act on this case, from its stored data only, asked before anything else is
    read from it. Whoever may not even see the case is told it does not exist."""
    if can(user, action, case):
        return
    if can(user, "cases.case.view", case):
        raise NotAllowed()
    raise unknown_case()


def lock_case_for(user, action: str, number: str) -> Case:
    """The case row, locked, once the actor's right to `action` on it is established."""
    case = lock_case(number)
    require_on_case(user, action, case)
    return case


def current_step(case: Case) -> CaseStep | None:
    """The first step not yet approved: the only one anybody may act on."""
    return case.steps.exclude(state=StepState.APPROVED).order_by("position").first()


def sod_refusal(case: Case, step: CaseStep, user, handled: set[int]) -> NotAllowed | None:
    """Segregation of duties (受办分离, 岗位互斥) on facts already read: `handled` holds the positions of
    the steps of this case the user acted on or holds. None when the user may take `step`."""
    if case.accepted_by_id == user.pk:
        return NotAllowed(
            _("You accepted this case, so someone else must decide it."),
            code="sod_accepted_by_you",
        )
    if handled - {step.position}:
        return NotAllowed(
            _("You already handled another step of this case; one person never holds two steps."),
            code="sod_second_step",
        )
    return None


def handled_steps(user, cases: list[Case]) -> dict[int, set[int]]:
    """Per case, the positions of the steps the user acted on or holds: two queries for any number of
    cases (the queue asks for a page of them)."""
    handled: dict[int, set[int]] = {case.pk: set() for case in cases}
    acted = CaseEvent.objects.filter(case__in=cases, actor=user, step_position__isnull=False)
    held = CaseStep.objects.filter(case__in=cases, claimed_by=user)
    for case_id, position in [
        *acted.values_list("case_id", "step_position"),
        *held.values_list("case_id", "position"),
    ]:
        handled[case_id].add(position)
    return handled


def _check_sod(case: Case, step: CaseStep, user) -> None:
    refusal = sod_refusal(case, step, user, handled_steps(user, [case])[case.pk])
    if refusal is not None:
        raise refusal


def _step_for(case: Case, user) -> CaseStep:
    if case.state not in OPEN_STATES:
        raise InvalidTransition(
            _("This case is “%(state)s”; there is no step to claim.") % {"state": case.get_state_display()}
        )
    step = current_step(case)
    if step is None:
        raise InvalidTransition()
    staff = staff_of(user)
    if staff is not None and not staff.has_role(step.role):
        later = case.steps.filter(position__gt=step.position, role__in=staff.role_codes).exists()
        if later and staff.agency.covers(case.home_agency):
            raise Conflict(
                _("The earlier step “%(step)s” has not been decided yet.") % {"step": step.name},
                code="earlier_step_pending",
            )
    require(user, "cases.step.claim", (case, step))
    return step


def _claimable(case: Case, user) -> CaseStep:
    """The step `user` may claim now (or already holds), by every check of a claim; the refusal otherwise."""
    step = _step_for(case, user)
    _check_sod(case, step, user)
    if step.state != StepState.OPEN and step.claimed_by_id != user.pk:
        raise Conflict(_("Someone else has already claimed this step."), code="already_claimed")
    return step


def claim_refusal(case: Case, user) -> ApplicationError | None:
    """Why `user` may not claim the case's current step now, None when they may: the very checks the
    claim makes, so a page offers only the claims that would be accepted and says why the others are not
    open yet."""
    try:
        _claimable(case, user)
    except NotAllowed as refusal:
        step = current_step(case)
        if refusal.code == NotAllowed.code and step is not None:  # the role check, which names no reason
            return NotAllowed(
                _("“%(step)s” is a step for the %(post)s post, which you do not hold.")
                % {"step": step.name, "post": Role(step.role).label},
                code="not_your_post",
            )
        return refusal
    except ApplicationError as refusal:
        return refusal
    return None


def _claim_locked(case: Case, user) -> CaseStep:
    step = _claimable(case, user)
    if step.state != StepState.OPEN:
        return step  # claimed by this user already: claiming twice is harmless
    step.state, step.claimed_by, step.claimed_at = StepState.CLAIMED, user, timezone.now()
    step.save(update_fields=["state", "claimed_by", "claimed_at"])
    move(case, CaseState.IN_REVIEW, "claimed", actor=user, step=step, data={"role": step.role})
    return step


def case_claim(*, user, number: str) -> CaseStep:
    with transaction.atomic():
        return _claim_locked(lock_case_for(user, "cases.case.decide", number), user)


def case_claim_next(*, user) -> CaseStep | None:
    """The most urgent case waiting for one of the user's roles in their agency; rows locked by another
    claimer are skipped (PostgreSQL), so many reviewers pulling work at once never block or collide."""
    staff = require(user, "cases.queue.view")
    waiting = (
        CaseStep.objects.filter(
            state=StepState.OPEN,
            role__in=staff.role_codes,
            case__state__in=OPEN_STATES,
            case__home_agency__path__startswith=staff.agency.path,
        )
        .exclude(case__accepted_by=user)
        .exclude(case__steps__claimed_by=user)
        .order_by("case__deadline", "case__accepted_at")
        .values_list("case_id", "position")
    )
    skip = connection.features.has_select_for_update_skip_locked
    for case_id, position in waiting[:50]:
        with transaction.atomic():
            case = Case.objects.select_for_update(skip_locked=skip).filter(pk=case_id).first()
            if case is None:
                continue  # another reviewer holds it right now
            step = current_step(case)
            if step is None or step.position != position or step.state != StepState.OPEN:
                continue  # an earlier step is still pending, or it was claimed meanwhile
            try:
                return _claim_locked(case, user)
            except (NotAllowed, Conflict):
                continue
    return None


def _held_step(case: Case, user) -> CaseStep:
    step = current_step(case) if case.state in OPEN_STATES else None
    if step is not None and step.state == StepState.OPEN and step.claimed_by_id is None:
        raise Conflict(_("Claim the step before deciding it."), code="not_claimed")
    if step is None or case.state != CaseState.IN_REVIEW:
        raise InvalidTransition(
            _("This case is “%(state)s”; nothing can be decided now.") % {"state": case.get_state_display()}
        )
    if step.claimed_by_id != user.pk:
        if step.state == StepState.OPEN:
            raise Conflict(_("Claim the step before deciding it."), code="not_claimed")
        if case.steps.filter(claimed_by=user, position__gt=step.position).exists():
            raise Conflict(_("An earlier step has not been decided yet."), code="earlier_step_pending")
        raise NotAllowed(
            _("This step is held by someone else; only they may decide it."), code="not_your_step"
        )
    require(user, "cases.step.claim", (case, step))  # still of the home agency, still in the role
    return step


def _close_step(step: CaseStep, state: str) -> None:
    step.state, step.decided_at = state, timezone.now()
    step.save(update_fields=["state", "decided_at"])


def case_approve(*, user, number: str, note: str = "") -> Case:
    with transaction.atomic():
        case = lock_case_for(user, "cases.case.decide", number)
        step = _held_step(case, user)
        _close_step(step, StepState.APPROVED)
        if case.steps.filter(position__gt=step.position).exists():
            move(case, CaseState.IN_REVIEW, "step_approved", actor=user, step=step, reason=note)
            return case
        case.decision_reason = (note or "").strip()  # what was decided: the letter prints it
        outstanding = case.materials.filter(status__in=BLOCKING_COMPLETION).exists()
        if outstanding:  # 容缺: decided, but not completed before the material arrives
            case.save(update_fields=["decision_reason"])
            move(case, CaseState.APPROVED, "approved", actor=user, step=step, reason=note)
        else:
            case.completed_at = timezone.now()
            case.save(update_fields=["decision_reason", "completed_at"])
            move(case, CaseState.COMPLETED, "approved", actor=user, step=step, reason=note)
    return case


def case_reject(*, user, number: str, reason: str) -> Case:
    """Refusal needs its legal reason, which the decision letter quotes."""
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationFailed(fields={"reason": _("State the legal reason for the refusal.")})
    with transaction.atomic():
        case = lock_case_for(user, "cases.case.decide", number)
        step = _held_step(case, user)
        _close_step(step, StepState.REJECTED)
        case.decision_reason, case.completed_at = reason, timezone.now()
        case.save(update_fields=["decision_reason", "completed_at"])
        move(case, CaseState.REJECTED, "rejected", actor=user, step=step, reason=reason)
    return case


def case_return(*, user, number: str, reason: str, materials: list[str], days: int) -> Case:
    """Back to the applicant for a supplement: which materials, why, and by when (working days). The
    clock stops and restarts with the days that were left once the supplement arrives."""
    reason = (reason or "").strip()
    fields = {}
    if not reason:
        fields["reason"] = _("Say what is wrong, so the applicant can fix it in one go.")
    if not isinstance(days, int) or not 1 <= days <= MAX_SUPPLEMENT_DAYS:
        fields["days"] = _("Between 1 and %(max)s working days.") % {"max": MAX_SUPPLEMENT_DAYS}
    if not materials:
        fields["materials"] = _("Choose the materials to supply again.")
    if fields:
        raise ValidationFailed(fields=fields)
    with transaction.atomic():
        case = lock_case_for(user, "cases.case.decide", number)
        step = _held_step(case, user)
        rows = list(case.materials.filter(key__in=materials))
        if len(rows) != len(set(materials)):
            raise ValidationFailed(
                fields={"materials": _("A chosen material is not on this case's checklist.")}
            )
        today = clock.today()
        due = clock.add_working_days(today, days)
        CaseMaterial.objects.filter(pk__in=[r.pk for r in rows]).update(
            status=MaterialStatus.REQUESTED, due=due, due_from=today, due_days=days, supplied_at=None
        )
        _close_step(step, StepState.RETURNED)
        case.paused_days = max(clock.working_days_between(today, case.deadline), 0)
        case.deficiency_due = min(d for d in [due, case.deficiency_due] if d)
        case.save(update_fields=["paused_days", "deficiency_due"])
        move(
            case,
            CaseState.RETURNED,
            "returned",
            actor=user,
            step=step,
            reason=reason,
            data={"materials": sorted(set(materials)), "due": due.isoformat()},
        )
    return case


def case_transfer(*, user, number: str, to_agency_code: str, reason: str) -> Case:
    """To another agency (e.g. the record moved, or it was routed wrongly). A claimed, undecided step is
    released; decided steps stand. The number stays: citizens keep tracking the same case."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(fields={"reason": _("Say why the case is transferred.")})
    target = Agency.objects.filter(code=to_agency_code).first()
    if target is None:
        raise ValidationFailed(fields={"to_agency": _("Unknown agency code.")})
    with transaction.atomic():
        case = lock_case_for(user, "cases.case.transfer", number)
        if case.state not in OPEN_STATES:
            raise InvalidTransition(_("Only a case waiting for the back office can be transferred."))
        if target.pk == case.home_agency_id or target.root_path != case.home_agency.root_path:
            raise ValidationFailed(fields={"to_agency": _("Choose another agency of the same network.")})
        case.steps.filter(state=StepState.CLAIMED).update(
            state=StepState.OPEN, claimed_by=None, claimed_at=None
        )
        source = case.home_agency
        case.home_agency = target
        case.save(update_fields=["home_agency"])
        move(
            case,
            case.state,
            "transferred",
            actor=user,
            reason=reason,
            data={"from_agency": source.code, "to_agency": target.code},
        )
    return case
