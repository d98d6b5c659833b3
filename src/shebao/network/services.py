"""Every change to the outlet network: an outlet's status, signing, suspending, resuming and ending
agreements, and who is authorised under them. Each is one transaction with a permission check and one
audit entry, and each bumps the index version so every process's map and rights change at once."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.audit import log_action
from shebao.core.errors import InvalidTransition, ValidationFailed
from shebao.core.models import Outlet, OutletStatus, Role, StaffProfile
from shebao.core.permissions import require
from shebao.core.typography import join_list
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


NUMBER_LENGTH = Agreement._meta.get_field("number").max_length
PARTNER_LENGTH = Agreement._meta.get_field("partner").max_length


def _scope_errors(outlet: Outlet, codes: list[str]) -> str | None:
    """Why these items cannot be the agreement's scope, or None. An item the point's tier does not allow
    would be listed without effect (the tier decides first), so it is refused rather than kept."""
    if not codes:
        return _("Choose at least one service item.")
    catalogue = {item.code: item for item in items.catalogue_items()}
    unknown = [c for c in codes if c not in catalogue]
    if unknown:
        return _("Unknown service items: %s") % ", ".join(unknown)
    beyond = [catalogue[c] for c in codes if outlet.tier not in items.tiers_of(catalogue[c])]
    if beyond:
        return _("Not among the items of a %(tier)s: %(items)s") % {
            "tier": outlet.get_tier_display(),
            "items": join_list([items.display_name(i) for i in beyond]),
        }
    return None


def _sign_errors(outlet: Outlet, terms: dict, codes: list[str], authorisations) -> dict:
    """Every reason the agreement cannot be signed, at once (a one-time notice for the manager)."""
    errors = {}
    if outlet.status == OutletStatus.CLOSED:
        errors["outlet"] = _("The point is closed: it cannot sign an agreement.")
    number, partner = terms["number"], terms["partner"]
    if not number:
        errors["number"] = _("Please give the agreement number.")
    elif len(number) > NUMBER_LENGTH:
        errors["number"] = _("At most %(n)s characters.") % {"n": NUMBER_LENGTH}
    elif Agreement.objects.filter(number=number).exists():
        errors["number"] = _("Another agreement already has this number.")
    if not partner:
        errors["partner"] = _("Please name the partner.")
    elif len(partner) > PARTNER_LENGTH:
        errors["partner"] = _("At most %(n)s characters.") % {"n": PARTNER_LENGTH}
    scope = _scope_errors(outlet, codes)
    if scope:
        errors["scope_items"] = scope
    valid_from, valid_until, next_review = terms["valid_from"], terms["valid_until"], terms["next_review"]
    if valid_from is None:
        errors["valid_from"] = _("Please give the start date.")
    if valid_until is None:
        errors["valid_until"] = _("Please give the end date.")
    elif valid_from is not None and valid_until < valid_from:
        errors["valid_until"] = _("The end date is before the start date.")
    period_ok = valid_from is not None and valid_until is not None and valid_from <= valid_until
    if next_review and period_ok and not valid_from <= next_review <= valid_until:
        errors["next_review"] = _("The next review must fall within the agreement's validity.")
    for staff, step in authorisations:
        problem = _authorisation_error(outlet, staff, step)
        if problem:
            errors[problem[0]] = problem[1]
    return errors


def agreement_sign(
    *,
    actor,
    outlet: Outlet,
    number: str,
    partner: str,
    scope_items: list[str],
    valid_from: date | None,
    valid_until: date | None,
    duties: str = "",
    review_conditions: str = "",
    exit_conditions: str = "",
    next_review: date | None = None,
    authorisations: list[tuple[StaffProfile, str]] = (),
) -> Agreement:
    """Sign a partner point's agreement with its first authorisations: all of it, or nothing."""
    require(actor, "network.agreement.manage", outlet)
    if not items.needs_agreement(outlet.level, outlet.kind):
        raise ValidationFailed(fields={"outlet": _("Only partner cooperation points have agreements.")})
    terms = {
        "number": number.strip(),
        "partner": partner.strip(),
        "valid_from": valid_from,
        "valid_until": valid_until,
        "next_review": next_review,
    }
    codes = sorted({str(c).strip() for c in scope_items if str(c).strip()})
    with transaction.atomic():
        Outlet.objects.select_for_update().get(pk=outlet.pk)
        if outlet.agreements.filter(status=AgreementStatus.ACTIVE).exists():
            raise InvalidTransition(_("This point already has an agreement in force: end it first."))
        errors = _sign_errors(outlet, terms, codes, authorisations)
        if errors:
            raise ValidationFailed(fields=errors)
        try:
            agreement = Agreement.objects.create(
                outlet=outlet,
                scope_items=codes,
                duties=duties.strip(),
                review_conditions=review_conditions.strip(),
                exit_conditions=exit_conditions.strip(),
                status=AgreementStatus.ACTIVE,
                status_since=_today(),
                **terms,
            )
        except IntegrityError:  # the same number, signed for another point at the same moment
            raise ValidationFailed(
                fields={"number": _("Another agreement already has this number.")}
            ) from None
        log_action(
            "network.agreement.signed",
            actor=actor,
            obj=agreement,
            data={"outlet": outlet.code, "items": len(codes), "until": terms["valid_until"].isoformat()},
        )
        for staff, step in sorted(set(authorisations), key=lambda pair: (pair[0].pk, pair[1])):
            AgreementStaff.objects.create(agreement=agreement, staff=staff, step=step)
            _log_staff("authorised", actor=actor, agreement=agreement, staff=staff, step=step)
        bump_version()
    return agreement


def _authorisation_error(outlet: Outlet, staff: StaffProfile, step: str) -> tuple[str, str] | None:
    """(field, reason) when this member of staff cannot be authorised for this step at this point.
    Only a point's own active tellers: the window's rules ask for the teller role for every step."""
    if step not in Step.values:
        return "step", _("Unknown step.")
    if staff.outlet_id != outlet.pk:
        return "staff", _("Only staff of this point can be authorised under its agreement.")
    if not staff.active or not staff.has_role(Role.TELLER):
        return "staff", _("Only active tellers can be authorised: %(name)s is not one.") % {
            "name": staff.display_name
        }
    return None


def _log_staff(verb: str, *, actor, agreement: Agreement, staff: StaffProfile, step: str) -> None:
    log_action(
        f"network.agreement.{verb}", actor=actor, obj=agreement, data={"staff": staff.pk, "step": step}
    )


def agreement_authorise(*, actor, agreement: Agreement, staff: StaffProfile, step: str) -> None:
    require(actor, "network.agreement.manage", agreement.outlet)
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.status == AgreementStatus.ENDED:
            raise InvalidTransition(_("The agreement has ended: nobody can be authorised under it."))
        problem = _authorisation_error(locked.outlet, staff, step)
        if problem:
            raise ValidationFailed(fields=dict([problem]))
        created = AgreementStaff.objects.get_or_create(agreement=locked, staff=staff, step=step)[1]
        if created:  # a repeated click changes nothing and says nothing twice in the log
            _log_staff("authorised", actor=actor, agreement=locked, staff=staff, step=step)


def agreement_revoke(*, actor, agreement: Agreement, staff: StaffProfile, step: str) -> None:
    require(actor, "network.agreement.manage", agreement.outlet)
    with transaction.atomic():
        deleted, _rows = AgreementStaff.objects.filter(agreement=agreement, staff=staff, step=step).delete()
        if deleted:  # revoking what was not granted leaves no entry claiming a change
            _log_staff("revoked", actor=actor, agreement=agreement, staff=staff, step=step)


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
