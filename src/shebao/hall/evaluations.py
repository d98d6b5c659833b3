"""好差评: the citizen rates a service (a ticket served in a hall, a home visit, or a case accepted at a
partner point, online or at a window without a ticket); a bad rating opens a follow-up that a manager
verifies, rectifies and closes within the region's working-day deadline, with the outcome shown on the
citizen's ticket, visit or rating page."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shebao.cases.models import Case, OnlineApplication
from shebao.cases.ratings import case_number_of
from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotFound, ValidationFailed
from shebao.core.masking import mask_phone
from shebao.core.messaging import normalise_phone, text_message_send
from shebao.core.permissions import require
from shebao.core.textlimits import check_note
from shebao.core.workdays import add_working_days_provisional
from shebao.hall import conf
from shebao.hall.models import (
    BAD_LEVELS,
    Evaluation,
    FollowUp,
    HomeVisit,
    RatedChannel,
    Reason,
    Ticket,
    TicketCase,
)
from shebao.hall.states import FOLLOW_UP_STEPS, FollowUpState, HomeVisitState, TicketState, check_step
from shebao.network.items import needs_agreement

logger = logging.getLogger(__name__)


def _clean_reasons(level: int, reasons: list[str]) -> list[str]:
    unknown = [r for r in reasons if r not in Reason.values]
    if unknown:
        raise ValidationFailed(fields={"reasons": _("Unknown reason.")})
    if level in BAD_LEVELS and not reasons:
        raise ValidationFailed(fields={"reasons": _("Please tell us what went wrong.")})
    # Reasons are asked for bad ratings only; a good rating keeps none, so statistics stay honest.
    return sorted(set(reasons)) if level in BAD_LEVELS else []


def _checked_level(level: int) -> None:
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
        raise ValidationFailed(fields={"level": _("Choose a rating from 1 to 5.")})


def _contact(phone: str, known: str) -> str:
    """The number the outcome of a follow-up goes to: the one given with the rating, else one we know
    (the appointment's, the home visit's)."""
    return normalise_phone(phone) if (phone or "").strip() else known


def _recorded(*, level: int, reasons: list[str], comment: str, contact: str, **service) -> Evaluation:
    """The rating of one service (`service` names the ticket or the home visit, and its outlet); a bad
    one opens its follow-up."""
    evaluation = Evaluation.objects.create(
        level=level, reasons=reasons, comment=comment.strip()[:500], phone=contact, **service
    )
    log_action(
        "hall.evaluation.submitted",
        obj=evaluation,
        data={"level": level, "reasons": reasons, "phone": mask_phone(contact)},
    )
    if evaluation.bad:
        _open_follow_up(evaluation)
    return evaluation


def evaluation_submit(
    *, token: str, level: int, reasons: list[str] | None = None, comment: str = "", phone: str = ""
) -> Evaluation:
    """Rate the service of the ticket whose token the citizen holds (their phone or the pad at the window).
    A phone number is asked for bad ratings only (a real-name rating is followed up with the citizen)."""
    _checked_level(level)
    reasons = _clean_reasons(level, list(reasons or []))
    try:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().filter(token=token).first()
            if ticket is None:
                raise NotFound()
            if ticket.state != TicketState.DONE:
                raise Conflict(_("Only a finished service can be rated."), code="not_served")
            if Evaluation.objects.filter(ticket=ticket).exists():
                raise Conflict(_("This service has already been rated."), code="already_rated")
            appointment = getattr(ticket, "appointment", None)
            known = appointment.phone if appointment is not None else ""
            return _recorded(
                level=level,
                reasons=reasons,
                comment=comment,
                contact=_contact(phone, known) if level in BAD_LEVELS else "",
                ticket=ticket,
                outlet_id=ticket.outlet_id,
                window_id=ticket.window_id,
            )
    except IntegrityError:  # two submissions at the same instant: the second is told
        raise Conflict(_("This service has already been rated."), code="already_rated") from None


def home_visit_rateable(visit: HomeVisit) -> None:
    """Raises why the visit cannot be rated: not closed yet (or cancelled), or rated already."""
    if visit.state != HomeVisitState.CLOSED:
        raise Conflict(_("Only a closed home visit can be rated."), code="not_closed")
    if Evaluation.objects.filter(home_visit=visit).exists():
        raise Conflict(_("This home visit has already been rated."), code="already_rated")


def home_visit_evaluation_submit(
    *, token: str, level: int, reasons: list[str] | None = None, comment: str = "", phone: str = ""
) -> Evaluation:
    """Rate a closed home visit by the token of its status page, which the citizen (or the relative who
    asked) has from the request and from the text sent when the visit was closed. The outcome of a bad
    rating's follow-up goes to the number given, else to whoever asked for the visit."""
    _checked_level(level)
    reasons = _clean_reasons(level, list(reasons or []))
    try:
        with transaction.atomic():
            visit = HomeVisit.objects.select_for_update().filter(token=token).first()
            if visit is None:
                raise NotFound()
            home_visit_rateable(visit)
            known = visit.requester_phone or visit.phone
            return _recorded(
                level=level,
                reasons=reasons,
                comment=comment,
                contact=_contact(phone, known) if level in BAD_LEVELS else "",
                home_visit=visit,
                channel=RatedChannel.HOME_VISIT,
                outlet_id=visit.outlet_id,
            )
    except IntegrityError:
        raise Conflict(_("This home visit has already been rated."), code="already_rated") from None


def case_rateable(case: Case) -> None:
    """Raises why the case cannot be rated: rated already, itself or with the hall ticket it was
    accepted under (one rating per service)."""
    if Evaluation.objects.filter(case=case).exists():
        raise Conflict(_("This case has already been rated."), code="already_rated")
    if TicketCase.objects.filter(case=case, ticket__evaluation__isnull=False).exists():
        raise Conflict(
            _("This case was already rated with the queue ticket it was handled under."),
            code="already_rated",
        )


def case_channel(case: Case) -> str:
    if OnlineApplication.objects.filter(case=case).exists():
        return RatedChannel.ONLINE
    if needs_agreement(case.outlet.level, case.outlet.kind):
        return RatedChannel.PARTNER_POINT
    return RatedChannel.WINDOW


def case_evaluation_submit(
    *, token: str, level: int, reasons: list[str] | None = None, comment: str = "", phone: str = ""
) -> Evaluation:
    """Rate a case by the token of the link on its receipt and in its decision text, at any time after
    acceptance. A bad rating is followed up by the outlet that accepted the case (for an online
    application, the hall whose teller checked it); the outcome goes to the number given, else to the
    applicant's."""
    _checked_level(level)
    reasons = _clean_reasons(level, list(reasons or []))
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update(of=("self",)).select_related("outlet", "person")
            case = locked.filter(number=case_number_of(token)).first()
            if case is None:
                raise NotFound()
            case_rateable(case)
            return _recorded(
                level=level,
                reasons=reasons,
                comment=comment,
                contact=_contact(phone, case.person.phone) if level in BAD_LEVELS else "",
                case=case,
                channel=case_channel(case),
                outlet_id=case.outlet_id,
            )
    except IntegrityError:
        raise Conflict(_("This case has already been rated."), code="already_rated") from None


def follow_up_due(start, working_days: int):
    """The deadline in working days. Past the calendar's known years (late December, before the State
    Council publishes the next year's holidays) weekdays are counted instead: holidays make that date
    earlier than the true one, so the deadline errs on the early side, and a rating is never refused."""
    due, provisional = add_working_days_provisional(start, working_days)
    if provisional:  # loud, not silent: operators must enter the notice (RULES.md, working days)
        logger.error("follow-up deadline %s counted on weekdays in a year not yet announced", due)
    return due


def _open_follow_up(evaluation: Evaluation) -> FollowUp:
    due = follow_up_due(timezone.localdate(), conf.follow_up_working_days())
    follow_up = FollowUp.objects.create(evaluation=evaluation, outlet_id=evaluation.outlet_id, due_on=due)
    log_action("hall.follow_up.opened", obj=follow_up, data={"due_on": due.isoformat()})
    return follow_up


def _locked(follow_up: FollowUp) -> FollowUp:
    return FollowUp.objects.select_for_update(of=("self",)).select_related("outlet").get(pk=follow_up.pk)


def _label(name: str):
    return FollowUp._meta.get_field(name).verbose_name


def follow_up_verify(*, user, follow_up: FollowUp, finding: str, justified: bool) -> FollowUp:
    """The manager checks what happened (watches the recording, asks the teller) and records it."""
    if not (finding or "").strip():
        raise ValidationFailed(fields={"finding": _("Please write down what you found.")})
    check_note(finding, field="finding", label=_label("finding"))
    with transaction.atomic():
        follow_up = _locked(follow_up)
        profile = require(user, "hall.follow_up.handle", follow_up)
        check_step(FOLLOW_UP_STEPS, follow_up.state, FollowUpState.VERIFIED)
        follow_up.state = FollowUpState.VERIFIED
        follow_up.finding, follow_up.justified = finding.strip(), bool(justified)
        follow_up.verified_by, follow_up.verified_at = profile, timezone.now()
        follow_up.save()
        log_action("hall.follow_up.verified", actor=user, obj=follow_up, data={"justified": bool(justified)})
    return follow_up


def follow_up_close(*, user, follow_up: FollowUp, rectification: str, outcome: str) -> FollowUp:
    """Close with what was done and the message to the citizen: shown on their ticket or visit page, and
    sent by text message when the rating has a phone number."""
    fields = {}
    if not (outcome or "").strip():
        fields["outcome"] = _("Please write the message to the citizen.")
    if not (rectification or "").strip():
        fields["rectification"] = _("Please write down what was done.")
    if fields:
        raise ValidationFailed(fields=fields)
    check_note(rectification, field="rectification", label=_label("rectification"))
    check_note(outcome, field="outcome", label=_label("outcome"))
    with transaction.atomic():
        follow_up = _locked(follow_up)
        profile = require(user, "hall.follow_up.handle", follow_up)
        check_step(FOLLOW_UP_STEPS, follow_up.state, FollowUpState.CLOSED)
        follow_up.state = FollowUpState.CLOSED
        follow_up.rectification, follow_up.outcome = rectification.strip(), outcome.strip()
        follow_up.closed_by, follow_up.closed_at = profile, timezone.now()
        follow_up.citizen_told_by_text = _tell_citizen(follow_up)
        follow_up.save()
        log_action(
            "hall.follow_up.closed",
            actor=user,
            obj=follow_up,
            data={"late": timezone.localdate() > follow_up.due_on, "texted": follow_up.citizen_told_by_text},
        )
    return follow_up


OUTCOME_TEXT_CHARS = 200  # a long message splits into many texts; the full one is on the ticket page


def _tell_citizen(follow_up: FollowUp) -> bool:
    evaluation = follow_up.evaluation
    if not evaluation.phone:
        return False
    outcome = follow_up.outcome
    if len(outcome) > OUTCOME_TEXT_CHARS:
        outcome = outcome[: OUTCOME_TEXT_CHARS - 1] + "…"
    values = {"number": evaluation.reference, "outlet": follow_up.outlet.name, "outcome": outcome}
    with translation.override(settings.LANGUAGE_CODE):
        if evaluation.home_visit_id:
            body = gettext("About your rating of home visit %(number)s by %(outlet)s: %(outcome)s") % values
        elif evaluation.case_id:
            body = gettext("About your rating of case %(number)s at %(outlet)s: %(outcome)s") % values
        else:
            body = gettext("About your rating of ticket %(number)s at %(outlet)s: %(outcome)s") % values
    text_message_send(
        phone=evaluation.phone,
        body=body,
        purpose="hall.follow_up.outcome",
        dedupe_key=f"hall-follow-up-outcome-{follow_up.pk}",
    )
    return True


def follow_up_overdue(follow_up: FollowUp, today=None) -> bool:
    """Open or verified past its due day, or closed after it."""
    today = today or timezone.localdate()
    if follow_up.state == FollowUpState.CLOSED:
        return follow_up.closed_at is not None and timezone.localdate(follow_up.closed_at) > follow_up.due_on
    return today > follow_up.due_on
