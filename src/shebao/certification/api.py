"""The certification API, mounted by shebao.api at /api/v1/certification.

Devices (the phone app, hall kiosks, postmen's handhelds) ask for a nonce and send a signed attestation;
both calls are anonymous, since the signature with a registered key is what is believed. A recipient's
state is read by staff who may (audited) or by the signed-in citizen for themself or a person bound to
them. A silent run's report is for the managers who run them."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from shebao.certification import selectors, services
from shebao.certification.models import Certification, SilentRun
from shebao.core.audit import log_action
from shebao.core.errors import NotFound, ValidationFailed
from shebao.core.permissions import can, require
from shebao.people.models import Person
from shebao.people.portal import current_citizen
from shebao.people.proxies import is_bound

router = Router(tags=["certification"])


def citizen_auth(request):
    return current_citizen(request)


class RecipientOut(Schema):
    id: int
    benefit: str
    benefit_label: str
    state: str
    state_label: str
    status: str
    due: date | None
    last_certified_on: date | None
    last_method: str
    held_from: str | None  # YYYY-MM while payment is suspended


@router.get("/recipients/{recipient_id}", response=RecipientOut, auth=[django_auth, citizen_auth])
def recipient(request, recipient_id: int):
    found = services.recipient_get(recipient_id)
    citizen = request.auth if isinstance(request.auth, Person) else None
    if citizen is not None:
        if citizen.pk != found.person_id and not is_bound(proxy=citizen, principal=found.person):
            raise NotFound(_("No benefit recipient has this number."))
    elif not can(request.user, "certification.recipient.view", found):
        raise NotFound(_("No benefit recipient has this number."))
    else:
        log_action(
            "people.person.viewed", actor=request.user, obj=found.person, data={"via": "certification"}
        )
    return selectors.recipient_view(found)


class NonceIn(Schema):
    device: str = Field(..., min_length=1, max_length=64)


class NonceOut(Schema):
    nonce: str
    issued_at: datetime
    expires_at: datetime


@router.post("/nonces", response={201: NonceOut}, auth=None, url_name="certification_nonce")
def nonce(request, body: NonceIn):
    issued = services.nonce_issue(device_code=body.device)
    return Status(201, selectors.nonce_view(issued))


class AttestationIn(Schema):
    payload: dict
    signature: str = Field(..., min_length=1, max_length=200)
    # A relative's photo or video still of the recipient, base64 (the payload signs its SHA-256).
    photo: str | None = Field(None, max_length=4_000_000)


class CertificationOut(Schema):
    id: int
    recipient: int
    certified_on: date
    method: str
    next_due: date | None
    spot_check: str


class AttestationOut(Schema):
    certifications: list[CertificationOut]


@router.post("/attestations", response={201: AttestationOut}, auth=None, url_name="certification_attest")
def attest(request, body: AttestationIn):
    photo = None
    if body.photo:
        try:
            photo = base64.b64decode(body.photo, validate=True)
        except binascii.Error:
            raise ValidationFailed(fields={"photo": _("The photo is not valid base64.")}) from None
    made = services.attestation_accept(payload=body.payload, signature=body.signature, photo=photo)
    return Status(201, {"certifications": [_certification(c) for c in made]})


def _certification(made: Certification) -> dict:
    return {
        "id": made.pk, "recipient": made.recipient_id, "certified_on": made.certified_on,
        "method": made.method, "next_due": made.recipient.next_certification_due,
        "spot_check": made.spot_check,
    }  # fmt: skip


class RunOut(Schema):
    id: int
    engine: str
    until: date
    state: str
    files: list
    report: dict
    started_at: datetime
    finished_at: datetime | None


@router.get("/runs/{run_id}", response=RunOut, auth=django_auth)
def run(request, run_id: int):
    require(request.user, "certification.run.manage")
    found = SilentRun.objects.filter(pk=run_id).first()
    if found is None:
        raise NotFound(_("No silent certification run has this number."))
    return found
