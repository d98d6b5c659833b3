"""Statements and proofs over the API: issue one (staff for a person they may read, a citizen for
themself or a bound relative; anything else is 404, as if the person did not exist) and verify one
(public, rate-limited per client address: the status and the document's outline, never the record)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth

from shebao.core.api import ClientRateThrottle
from shebao.core.errors import NotFound, ValidationFailed
from shebao.core.messaging import public_url
from shebao.people.models import Person
from shebao.records import documents, selectors
from shebao.records.api import citizen_auth, month_param
from shebao.records.models import Channel

router = Router(tags=["certificates"])
MAX_UPLOAD = 10 * 1024 * 1024


class CertificateIn(Schema):
    kind: Annotated[str, Field(max_length=20)]
    person: int
    start: Annotated[str, Field(max_length=7)]  # YYYY-MM
    end: Annotated[str, Field(max_length=7)]
    schemes: list[Annotated[str, Field(max_length=20)]] = []


class CertificateOut(Schema):
    number: str
    kind: str
    pdf_url: str
    verify_url: str
    sha256: str


@router.post(
    "",
    response={201: CertificateOut},
    auth=[django_auth, citizen_auth],
    summary="Issue a signed statement or proof (kind, person, period YYYY-MM); audited",
)
def certificate_issue(request, payload: CertificateIn):
    citizen = request.auth if isinstance(request.auth, Person) else None
    if not 0 < payload.person < 2**31:  # beyond any id (PostgreSQL would refuse the number itself)
        raise NotFound()
    person = selectors.person_for_records(person_id=payload.person, user=request.user, citizen=citizen)
    start, end = month_param(payload.start, "start"), month_param(payload.end, "end")
    if start is None or end is None:
        message = _("Write the month as YYYY-MM (e.g. 2024-03).")
        raise ValidationFailed(fields={name: message for name in ("start", "end")})
    req = documents.checked(payload.kind, person, start, end, payload.schemes)
    proxy = citizen if citizen is not None and citizen.pk != person.pk else None
    actor = None if citizen is not None else request.user
    doc = documents.document_issue(req, channel=Channel.API, actor=actor, proxy=proxy)
    return Status(
        201,
        {
            "number": doc.number,
            "kind": doc.kind,
            "pdf_url": public_url(reverse("records:pdf", args=[doc.number])),
            "verify_url": public_url(reverse("records:verify", args=[doc.number])),
            "sha256": doc.sha256,
        },
    )


class VerificationOut(Schema):
    status: str  # valid, revoked or unknown
    number: str
    kind: str | None = None
    kind_label: str | None = None
    name: str | None = None  # masked
    period: str | None = None
    issued_on: date | None = None
    revoked_on: date | None = None
    sha256: str | None = None


class UploadCheckOut(Schema):
    document: VerificationOut
    signature_valid: bool
    reason: str
    sha256: str
    matches: bool  # the very file issued under this number


def _throttle() -> list:
    return [ClientRateThrottle(settings.SHEBAO["CERT_VERIFY_RATE"])]


@router.get(
    "/{number}/verify",
    response=VerificationOut,
    auth=None,
    throttle=_throttle(),
    summary="Is this statement or proof valid, revoked or unknown? (public, rate-limited)",
)
def certificate_verify(request, number: str):
    return documents.verification(number.strip().upper()[:32])


@router.post(
    "/{number}/verify",
    response=UploadCheckOut,
    auth=None,
    throttle=_throttle(),
    summary="Check an uploaded PDF's signature against the agency's CA (public, rate-limited)",
)
def certificate_verify_file(request, number: str, pdf: UploadedFile = File(...)):  # noqa: B008  (ninja's idiom)
    if pdf.size is None or pdf.size > MAX_UPLOAD:
        raise ValidationFailed(fields={"pdf": _("Choose the PDF file (at most 10 MB).")})
    number = number.strip().upper()[:32]
    return {"document": documents.verification(number), **documents.upload_check(number, pdf.read())}
