"""The one way a case changes state: `move()` validates the step against states.CASE_STEPS, writes the
case's insert-only history (CaseEvent) and the audit log, and tells the citizen (texts.tell), all inside
the caller's transaction."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.cases import texts
from shebao.cases.models import Case, CaseEvent
from shebao.cases.states import check_move
from shebao.core.audit import log_action
from shebao.core.permissions import profile_of
from shebao.core.services import standing_in_for
from shebao.core.textlimits import check_note


def record(
    case: Case, action: str, *, actor=None, reason: str = "", step=None, data=None, to_state="", citizen=None
):
    """An entry in the case's history and in the audit log (`cases.case.<action>`). `citizen` is the
    person who acted online (the applicant or their bound proxy) when no staff member did."""
    check_note(reason, field="reason", label=_("Reason"))  # every action's reason passes here
    staff = profile_of(actor) if actor is not None and step is not None else None
    if staff is not None:  # a B角 acting in a post of an A角 who is away: the history says for whom
        data = {**(data or {}), **standing_in_for(staff, step.role)}
    event = CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor,
        citizen=citizen,
        action=action,
        step_position=getattr(step, "position", None),
        from_state=case.state if not to_state else getattr(case, "_from_state", case.state),
        to_state=to_state,
        reason=reason,
        data=data or {},
    )
    payload = {"number": case.number, **(data or {})}
    if to_state:
        payload.update({"from": getattr(case, "_from_state", ""), "to": to_state})
    if step is not None:
        payload["step"] = step.position
    if reason:
        payload["reason"] = reason
    if citizen is not None:
        payload["citizen"] = citizen.pk
    texts.tell(case, event)
    # The audit entry last: it locks the chain's head until the caller's transaction commits.
    log_action(f"cases.case.{action}", actor=actor, obj=case, data=payload)
    return event


def move(
    case: Case, target: str, action: str, *, actor=None, reason: str = "", step=None, data=None, citizen=None
) -> None:
    check_move(case.state, target)
    case._from_state = case.state
    case.state = target
    case.save(update_fields=["state", "updated_at"])
    record(case, action, actor=actor, reason=reason, step=step, data=data, to_state=target, citizen=citizen)
