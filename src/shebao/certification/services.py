"""Certifying: devices and their nonces, attestations checked and turned into certifications, the spot
checks of relatives' certifications. Every certification goes through `certification_record`, which sets
the next due date and resumes a suspended payment."""

from __future__ import annotations

import hashlib
import io
import secrets
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from shebao.certification import attestation, keys
from shebao.certification.attestation import AttestationRefused, refused
from shebao.certification.cycle import add_months, cycle_of
from shebao.certification.models import Certification, Device, DeviceState, KeyAlgorithm, Nonce, Refusal
from shebao.certification.payments import benefit_resume
from shebao.certification.policy import policy
from shebao.certification.states import SPOT_CHECK_STEPS, Method, SpotCheck, check_step
from shebao.core import events
from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotFound, ValidationFailed
from shebao.core.models import Outlet, StaffProfile
from shebao.hall.home_visits import home_visit_record
from shebao.hall.models import HomeVisit, Need, Outcome
from shebao.hall.states import HomeVisitState
from shebao.people.citizens import person_by_number
from shebao.people.models import Person, Recipient, RecipientStatus
from shebao.people.proxies import is_bound

CERTIFIABLE = (RecipientStatus.ACTIVE, RecipientStatus.SUSPENDED)


def _key_form(algorithm: str) -> str:
    if algorithm == KeyAlgorithm.SM2:
        return _(
            "Enter the device's SM2 public key: a PEM public key, or the 65-byte point (04, x, y) in base64."
        )
    return _("Enter the device's Ed25519 public key: 32 bytes in base64.")


def device_register(*, code: str, kind: str, algorithm: str, public_key: str, outlet: Outlet | None,
                    staff: StaffProfile, actor=None) -> Device:  # fmt: skip
    code = code.strip()
    if algorithm not in KeyAlgorithm.values:
        raise ValidationFailed(fields={"algorithm": _("Choose the device's signature algorithm.")})
    try:
        public_key = keys.normalised_public_key(algorithm, public_key)
    except ValueError as error:
        raise ValidationFailed(fields={"public_key": _key_form(algorithm)}) from error
    if not code:
        raise ValidationFailed(fields={"code": _("Enter the device id.")})
    if Device.objects.filter(code=code).exists():
        raise Conflict(fields={"code": _("A device with this id is already registered.")})
    device = Device.objects.create(
        code=code, kind=kind, algorithm=algorithm, public_key=public_key, outlet=outlet, registered_by=staff
    )
    log_action(
        "certification.device.registered",
        actor=actor,
        obj=device,
        data={"kind": kind, "algorithm": algorithm},
    )
    return device


def device_revoke(*, device: Device, reason: str, actor=None) -> Device:
    if device.state == DeviceState.REVOKED:
        raise Conflict(_("This device is already revoked."))
    device.state, device.revoked_at, device.revoked_reason = DeviceState.REVOKED, timezone.now(), reason[:200]
    device.save(update_fields=["state", "revoked_at", "revoked_reason"])
    log_action("certification.device.revoked", actor=actor, obj=device, data={"reason": reason[:200]})
    return device


def _refuse(reason: str, *, device_code: str = "", recipient: Recipient | None = None, detail: str = ""):
    error = refused(reason)
    error.device_code, error.detail = device_code[:64], detail[:200]
    error.recipient_id = recipient.pk if recipient else None
    raise error


def _keep(error: AttestationRefused) -> None:
    """Every refusal is kept with its reason, written after the refused work rolled back."""
    Refusal.objects.create(device_code=error.device_code, reason=error.reason, detail=error.detail,
                           recipient_id=error.recipient_id)  # fmt: skip
    log_action(
        "certification.attestation.refused", data={"device": error.device_code, "reason": error.reason}
    )


def nonce_issue(*, device_code: str) -> Nonce:
    try:
        device = Device.objects.filter(code=device_code).first()
        if device is None:
            _refuse("unknown_device", device_code=device_code)
        assert device is not None
        if device.state != DeviceState.ACTIVE:
            _refuse("revoked_device", device_code=device_code)
    except AttestationRefused as error:
        _keep(error)
        raise
    return Nonce.objects.create(device=device, issued_at=timezone.now())


def _recipients_of(person: Person) -> list[Recipient]:
    return list(person.benefits.all())


def _check_device_and_nonce(
    statement: attestation.Statement, payload: dict, signature: str
) -> tuple[Device, Nonce]:
    device = Device.objects.filter(code=statement.device).first()
    if device is None:
        _refuse("unknown_device", device_code=statement.device)
    assert device is not None
    if device.state != DeviceState.ACTIVE:
        _refuse("revoked_device", device_code=device.code)
    if not attestation.signature_valid(device.algorithm, device.public_key, payload, signature):
        _refuse("bad_signature", device_code=device.code)
    nonce = Nonce.objects.select_for_update().filter(value=statement.nonce, device=device).first()
    if nonce is None:
        _refuse("unknown_nonce", device_code=device.code)
    assert nonce is not None
    if nonce.used_at is not None:
        _refuse("replayed_nonce", device_code=device.code)
    now, rules = timezone.now(), policy()
    skew = timedelta(seconds=rules.clock_skew_seconds)
    fresh = timedelta(seconds=rules.nonce_seconds)
    if now - nonce.issued_at > fresh or not (nonce.issued_at - skew <= statement.time <= now + skew):
        _refuse("stale", device_code=device.code, detail=f"issued {nonce.issued_at:%H:%M:%S}")
    return device, nonce


def _check_people(statement: attestation.Statement, device: Device) -> tuple[list[Recipient], Person | None]:
    person = person_by_number(statement.person)
    recipients = _recipients_of(person) if person else []
    if not recipients:
        _refuse("unknown_person", device_code=device.code)
    assert person is not None
    if not any(r.status in CERTIFIABLE for r in recipients):
        _refuse("deceased", device_code=device.code, recipient=recipients[0])
    relative = None
    if statement.relative:
        relative = person_by_number(statement.relative)
        if relative is None or not is_bound(proxy=relative, principal=person):
            _refuse("relative_not_bound", device_code=device.code, recipient=recipients[0])
    return recipients, relative


def _staff_here(
    statement: attestation.Statement, device: Device
) -> tuple[StaffProfile | None, Outlet | None]:
    """Assisted certification names the staff member; they must serve at the device's outlet."""
    if not statement.staff:
        return None, device.outlet
    staff = StaffProfile.objects.filter(user__username=statement.staff, active=True).first()
    if staff is None or (device.outlet_id is not None and staff.outlet_id != device.outlet_id):
        _refuse("staff_not_here", device_code=device.code)
    return staff, device.outlet


def _visit_here(
    statement: attestation.Statement, recipients: list[Recipient], staff: StaffProfile | None, device: Device
) -> HomeVisit | None:
    """A certification on a home visit names the visit: one to certify this person, given to the staff member
    named, not closed or cancelled. Anything else is refused, so a visit record never carries another
    person's certification."""
    if not statement.home_visit:
        return None
    visit = HomeVisit.objects.filter(token=statement.home_visit).first()
    people = {recipient.person_id for recipient in recipients}
    if (
        visit is None
        or staff is None
        or visit.need != Need.CERTIFICATION
        or not (visit.person_id in people or visit.doc_number.strip().upper() == statement.person)
        or visit.assigned_to_id != staff.pk
        or visit.state not in (HomeVisitState.ASSIGNED, HomeVisitState.VISITED)
    ):
        _refuse("visit_mismatch", device_code=device.code, detail=statement.home_visit[:40])
    return visit


def _record_the_visit(visit: HomeVisit, staff: StaffProfile, statement: attestation.Statement) -> None:
    """The visit record carries the attestation: what was checked, by which device, when."""
    work_done = _(
        "Benefit eligibility certified on this visit: %(method)s, match score %(score)s, "
        "device %(device)s, %(time)s."
    ) % {
        "method": Method(statement.method).label,
        "score": statement.score,
        "device": statement.device,
        "time": timezone.localtime(statement.time).strftime("%Y-%m-%d %H:%M"),
    }
    home_visit_record(
        user=staff.user, visit=visit, outcome=Outcome.DONE, work_done=work_done,
        arrived_at=min(statement.time, timezone.now()),
    )  # fmt: skip


def _checked_photo(statement: attestation.Statement, photo: bytes | None, device: Device):
    """A relative's certification carries a photo of the recipient; the device signed its hash."""
    if photo is None:
        if statement.relative:
            _refuse("photo_missing", device_code=device.code)
        return None
    if hashlib.sha256(photo).hexdigest() != statement.photo_sha256.lower():
        _refuse("photo_mismatch", device_code=device.code)
    try:
        with Image.open(io.BytesIO(photo)) as image:
            kind = image.format
            image.verify()
    except (OSError, SyntaxError, Image.DecompressionBombError):
        kind = None
    if kind not in ("JPEG", "PNG"):
        _refuse("photo_unreadable", device_code=device.code)
    return ContentFile(photo, name=f"recipient.{'jpg' if kind == 'JPEG' else 'png'}")


def attestation_accept(*, payload: dict, signature: str, photo: bytes | None = None) -> list[Certification]:
    """Check a device's signed statement and certify the person it names (each of their benefits).
    Refusals are kept and raised with their reason; nothing else changes."""
    try:
        statement = attestation.parse(payload)
    except AttestationRefused as error:
        error.device_code = str(payload.get("device", ""))[:64] if isinstance(payload, dict) else ""
        _keep(error)
        raise
    try:
        with transaction.atomic():
            device, nonce = _check_device_and_nonce(statement, payload, signature)
            if statement.score < policy().score_threshold:
                _refuse("low_score", device_code=device.code, detail=str(statement.score))
            recipients, relative = _check_people(statement, device)
            staff, outlet = _staff_here(statement, device)
            recipient_photo = _checked_photo(statement, photo, device)
            nonce.used_at = timezone.now()
            nonce.save(update_fields=["used_at"])
            visit = _visit_here(statement, recipients, staff, device)
            method = Method.HOME_VISIT if visit else Method.RELATIVE if relative else statement.method
            made = certification_record(
                recipients=recipients, day=timezone.localdate(statement.time), method=method,
                fields={"device": device, "nonce": nonce.value, "score": statement.score,
                        "place": statement.place,
                        "staff": staff, "outlet": outlet, "relative": relative, "home_visit": visit,
                        "attestation": payload, "signature": signature},
                photo=recipient_photo,
            )  # fmt: skip
            if visit is not None and staff is not None and visit.state == HomeVisitState.ASSIGNED:
                _record_the_visit(visit, staff, statement)
            return made
    except AttestationRefused as error:
        _keep(error)
        raise
    except IntegrityError:  # the same nonce raced in twice: the second is a replay
        try:
            _refuse("replayed_nonce", device_code=statement.device)
        except AttestationRefused as error:
            _keep(error)
            raise


def certification_record(*, recipients: list[Recipient], day: date, method: str, fields: dict,
                         photo=None, actor=None) -> list[Certification]:  # fmt: skip
    """Certify each benefit still paid or suspended: next due date a period later, payment resumed."""
    made = []
    sample = method == Method.RELATIVE and secrets.randbelow(100) < policy().relative_sample_percent
    for recipient in recipients:
        if recipient.status not in CERTIFIABLE:
            continue
        certification = Certification(recipient=recipient, certified_on=day, method=method, **fields)
        if sample:
            certification.spot_check = SpotCheck.PENDING
        if photo is not None:
            certification.recipient_photo.save(photo.name, photo, save=False)
        certification.save()
        log_action("certification.recipient.certified", actor=actor, obj=recipient, data={"method": method})
        events.publish("certification.recipient.certified", person_id=recipient.person_id,
                       period=day.isoformat(), method=method)  # fmt: skip
        _advance(recipient, day, method)
        made.append(certification)
    return made


def _advance(recipient: Recipient, day: date, method: str) -> None:
    cycle = cycle_of(recipient)
    if cycle.last_certified_on is None or day >= cycle.last_certified_on:
        cycle.last_certified_on, cycle.last_method = day, method
        cycle.save(update_fields=["last_certified_on", "last_method"])
        recipient.next_certification_due = add_months(day, policy().period_months)
        recipient.save(update_fields=["next_certification_due"])
    if recipient.status == RecipientStatus.SUSPENDED:
        benefit_resume(recipient=recipient, day=day)


def spot_check_decide(*, certification: Certification, confirmed: bool, note: str, staff: StaffProfile,
                      actor=None) -> Certification:  # fmt: skip
    """Staff look at the relative's photo or video of the recipient: confirmed, or rejected (the
    certification no longer counts: the recipient is due again at once, and told)."""
    target = SpotCheck.CONFIRMED if confirmed else SpotCheck.REJECTED
    check_step(SPOT_CHECK_STEPS, certification.spot_check, target)
    if not confirmed and not note.strip():
        raise ValidationFailed(fields={"note": _("Say what was wrong, so the family can be told.")})
    certification.spot_check, certification.spot_checked_by = target, staff
    certification.spot_check_note = note.strip()[:200]
    certification.save(update_fields=["spot_check", "spot_checked_by", "spot_check_note"])
    if not confirmed:
        recipient = certification.recipient
        recipient.next_certification_due = timezone.localdate()
        recipient.save(update_fields=["next_certification_due"])
        events.publish("certification.recipient.rejected", person_id=recipient.person_id,
                       period=str(certification.pk), reason=certification.spot_check_note)  # fmt: skip
    log_action("certification.spot_check." + target, actor=actor, obj=certification)
    return certification


def recipient_get(recipient_id: int) -> Recipient:
    recipient = Recipient.objects.select_related("person").filter(pk=recipient_id).first()
    if recipient is None:
        raise NotFound(_("No benefit recipient has this number."))
    return recipient
