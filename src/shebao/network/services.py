"""Every change to the outlet network: an outlet's status, signing, suspending, resuming and ending
agreements, and who is authorised under them. Each is one transaction with a permission check and one
audit entry, and each bumps the index version so every process's map and rights change at once."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.audit import log_action
from shebao.core.errors import InvalidTransition, ValidationFailed
from shebao.core.models import Outlet, OutletStatus, StaffProfile
from shebao.core.permissions import require
from shebao.network import items
from shebao.network.index import bump_version
from shebao.network.models import Agreement, AgreementStaff, AgreementStatus, Step


def _today() -> date:
    return timezone.localdate()


def outlet_set_status(*, actor, outlet: Outlet, status: str, reason: str) -> Outlet:
    """Open, suspend (e.g. for renovation) or close a point, from today, with a reason. A point that is
    not open leaves the map and its tellers may accept nothing there."""
    require(actor, "network.outlet.manage", outlet)
    if status not in OutletStatus.values:
        raise ValidationFailed(fields={"status": _("Unknown status.")})
    if not reason.strip():
        raise ValidationFailed(fields={"reason": _("Please give a reason.")})
    with transaction.atomic():
        locked = Outlet.objects.select_for_update().get(pk=outlet.pk)
        if locked.status == status:
            raise InvalidTransition(_("The point already has this status."))
        if locked.status == OutletStatus.CLOSED:
            raise InvalidTransition(_("A closed point is not reopened: register it again instead."))
        before = locked.status
        locked.status, locked.status_since, locked.status_reason = status, _today(), reason.strip()[:200]
        locked.save(update_fields=["status", "status_since", "status_reason"])
        log_action(
            f"network.outlet.{status}",
            actor=actor,
            obj=locked,
            data={"from": before, "reason": locked.status_reason},
        )
        bump_version()
    outlet.refresh_from_db()
    return outlet


def _check_scope(scope_items: list[str]) -> list[str]:
    codes = sorted({str(c).strip() for c in scope_items if str(c).strip()})
    known = {item.code for item in items.catalogue_items()}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationFailed(fields={"scope_items": _("Unknown service items: %s") % ", ".join(unknown)})
    return codes


def agreement_sign(
    *,
    actor,
    outlet: Outlet,
    number: str,
    partner: str,
    scope_items: list[str],
    valid_from: date,
    valid_until: date,
    duties: str = "",
    review_conditions: str = "",
    exit_conditions: str = "",
    next_review: date | None = None,
    authorisations: list[tuple[StaffProfile, str]] = (),
) -> Agreement:
    require(actor, "network.agreement.manage", outlet)
    if not items.needs_agreement(outlet.level, outlet.kind):
        raise ValidationFailed(fields={"outlet": _("Only partner cooperation points have agreements.")})
    if valid_until < valid_from:
        raise ValidationFailed(fields={"valid_until": _("The end date is before the start date.")})
    codes = _check_scope(scope_items)
    with transaction.atomic():
        Outlet.objects.select_for_update().get(pk=outlet.pk)
        if outlet.agreements.filter(status=AgreementStatus.ACTIVE).exists():
            raise InvalidTransition(_("This point already has an agreement in force: end it first."))
        agreement = Agreement.objects.create(
            outlet=outlet,
            number=number,
            partner=partner,
            scope_items=codes,
            duties=duties,
            valid_from=valid_from,
            valid_until=valid_until,
            review_conditions=review_conditions,
            exit_conditions=exit_conditions,
            next_review=next_review,
            status=AgreementStatus.ACTIVE,
            status_since=_today(),
        )
        for staff, step in authorisations:
            _authorise(agreement, staff, step)
        log_action(
            "network.agreement.signed",
            actor=actor,
            obj=agreement,
            data={"outlet": outlet.code, "items": len(codes), "until": valid_until.isoformat()},
        )
        bump_version()
    return agreement


def _authorise(agreement: Agreement, staff: StaffProfile, step: str) -> None:
    if step not in Step.values:
        raise ValidationFailed(fields={"step": _("Unknown step.")})
    if staff.outlet_id != agreement.outlet_id:
        raise ValidationFailed(
            fields={"staff": _("Only staff of this point can be authorised under its agreement.")}
        )
    AgreementStaff.objects.get_or_create(agreement=agreement, staff=staff, step=step)


def agreement_authorise(*, actor, agreement: Agreement, staff: StaffProfile, step: str) -> None:
    require(actor, "network.agreement.manage", agreement.outlet)
    with transaction.atomic():
        _authorise(agreement, staff, step)
        log_action(
            "network.agreement.authorised", actor=actor, obj=agreement, data={"staff": staff.pk, "step": step}
        )


def agreement_revoke(*, actor, agreement: Agreement, staff: StaffProfile, step: str) -> None:
    require(actor, "network.agreement.manage", agreement.outlet)
    with transaction.atomic():
        AgreementStaff.objects.filter(agreement=agreement, staff=staff, step=step).delete()
        log_action(
            "network.agreement.revoked", actor=actor, obj=agreement, data={"staff": staff.pk, "step": step}
        )


def _transition(*, actor, agreement: Agreement, to: str, allowed_from: set[str], reason: str, action: str):
    require(actor, "network.agreement.manage", agreement.outlet)
    if not reason.strip():
        raise ValidationFailed(fields={"reason": _("Please give a reason.")})
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.status not in allowed_from:
            raise InvalidTransition()
        if (
            to == AgreementStatus.ACTIVE
            and locked.outlet.agreements.filter(status=AgreementStatus.ACTIVE).exists()
        ):
            raise InvalidTransition(_("This point already has an agreement in force: end it first."))
        locked.status, locked.status_since, locked.status_reason = to, _today(), reason.strip()[:200]
        locked.save(update_fields=["status", "status_since", "status_reason"])
        log_action(action, actor=actor, obj=locked, data={"outlet": locked.outlet.code, "reason": reason})
        bump_version()  # the point leaves (or returns to) the map and its tellers' rights at once
    agreement.refresh_from_db()
    return agreement


def agreement_suspend(*, actor, agreement: Agreement, reason: str) -> Agreement:
    return _transition(
        actor=actor,
        agreement=agreement,
        to=AgreementStatus.SUSPENDED,
        allowed_from={AgreementStatus.ACTIVE},
        reason=reason,
        action="network.agreement.suspended",
    )


def agreement_resume(*, actor, agreement: Agreement, reason: str) -> Agreement:
    return _transition(
        actor=actor,
        agreement=agreement,
        to=AgreementStatus.ACTIVE,
        allowed_from={AgreementStatus.SUSPENDED},
        reason=reason,
        action="network.agreement.resumed",
    )


def agreement_end(*, actor, agreement: Agreement, reason: str) -> Agreement:
    return _transition(
        actor=actor,
        agreement=agreement,
        to=AgreementStatus.ENDED,
        allowed_from={AgreementStatus.ACTIVE, AgreementStatus.SUSPENDED},
        reason=reason,
        action="network.agreement.ended",
    )
