"""The one way a case changes state: `move()` validates the step against states.CASE_STEPS, writes the
case's insert-only history (CaseEvent) and the audit log, and tells the citizen (texts.tell), all inside
the caller's transaction."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.cases import texts
from shebao.cases.models import Case, CaseEvent
from shebao.cases.states import check_move
from shebao.core import events
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
    _publish(case, action, to_state, reason, data or {})
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


def _publish(case: Case, action: str, to_state: str, reason: str, details: dict) -> None:
    """Tell later apps (notify) what happened to the applicant's case (core.events): accepted, returned
    for a supplement, a missing material's reminder and the suspension when it is overdue, decided, ready
    to collect at a window, sent by mail. `period` makes each told once (the case, or the case and day)."""
    data = {"case_number": case.number, "item": case.item_version.item.name}
    missing = "、".join(str(m) for m in details.get("missing", [])) or "-"
    if action in ("reminded", "suspended"):
        events.publish(f"cases.case.{action}", person_id=case.person_id,
                       period=f"{case.number}/{details.get('due', '')}", missing=missing,
                       due=str(details.get("due", "-")), **data)  # fmt: skip
        return
    if action == "delivered" and details.get("tracking_number"):
        events.publish("cases.case.mailed", person_id=case.person_id, period=case.number,
                       tracking_number=details["tracking_number"], **data)  # fmt: skip
        return
    if action == "accepted" and case.flow_id is not None:
        events.publish("cases.case.accepted", person_id=case.person_id, period=case.number,
                       deadline=f"{case.deadline:%Y-%m-%d}", **data)  # fmt: skip
    elif action == "returned":
        due = f"{case.deficiency_due:%Y-%m-%d}" if case.deficiency_due else ""
        events.publish("cases.case.supplement_needed", person_id=case.person_id,
                       period=f"{case.number}/{timezone.now():%Y%m%d%H%M%S}", reason=reason or "-",
                       due=due or "-", **data)  # fmt: skip
    elif to_state in ("completed", "rejected") and getattr(case, "_from_state", "") != to_state:
        outcome = "approved" if to_state == "completed" else "rejected"
        events.publish("cases.case.decided", person_id=case.person_id, period=case.number, outcome=outcome,
                       **data)  # fmt: skip
        if to_state == "completed" and case.delivery_method == "window":
            place = case.delivery_outlet or case.outlet  # no pick-up point chosen: where it was accepted
            events.publish("cases.case.ready", person_id=case.person_id, period=case.number,
                           place=place.name, **data)  # fmt: skip
