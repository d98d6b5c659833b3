"""Issuing and revoking the agency's signed statements and proofs (records/statements.py says what a page
holds, records/pdf.py lays it out, records/signing.py signs it). Who may ask is the caller's business
(views and API check it first); everything issued or revoked here is written to the audit log.

A document number is the kind's letter, the date and ten random characters (QY-20261203-7K3M9QXA2B):
not guessable, so the public verification page, which shows the masked name, cannot be walked.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.core.audit import log_action
from shebao.core.errors import InvalidTransition, NotFound, ValidationFailed
from shebao.core.messaging import public_url
from shebao.core.permissions import can
from shebao.people.models import Person, Recipient
from shebao.people.rules import home_agencies
from shebao.records import selectors, statements
from shebao.records.models import Channel, DocumentKind, IssuedDocument, Scheme
from shebao.records.pdf import Heading, document_pdf
from shebao.records.signing import signer

PREFIX = {DocumentKind.STATEMENT: "QY", DocumentKind.INSURANCE_PROOF: "CB", DocumentKind.PENSION_PROOF: "YL"}
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed at a window
MAX_YEARS = 40
FIRST_MONTH = date(1950, 1, 1)


@dataclass(frozen=True)
class Request:
    kind: str
    person: Person
    start: date
    end: date
    schemes: tuple[str, ...] = ()


def new_number(kind: str, today: date) -> str:
    tail = "".join(secrets.choice(ALPHABET) for _ in range(10))
    return f"{PREFIX[DocumentKind(kind)]}-{today:%Y%m%d}-{tail}"


def checked(kind: str, person: Person, start: date, end: date, schemes: Sequence[str] = ()) -> Request:
    """The request, or ValidationFailed naming each bad field."""
    errors: dict[str, str] = {}
    this_month = timezone.localdate().replace(day=1)
    if kind not in DocumentKind.values:
        errors["kind"] = _("Unknown kind of document.")
    if start > end:
        errors["to"] = _("The end month is before the start month.")
    elif end > this_month or start < FIRST_MONTH:
        errors["to"] = _("The period must lie between 1950 and this month.")
    elif end.year - start.year >= MAX_YEARS:
        errors["from"] = _("At most %(n)s years in one document.") % {"n": MAX_YEARS}
    unknown = set(schemes) - set(Scheme.values)
    if unknown:
        errors["schemes"] = _("Unknown scheme: %(s)s.") % {"s": ", ".join(sorted(unknown))}
    if kind == DocumentKind.PENSION_PROOF and not Recipient.objects.filter(person=person).exists():
        errors["kind"] = _("This person receives no benefit, so there is no pension certificate.")
    if errors:
        raise ValidationFailed(fields=errors)
    return Request(kind, person, start, end, tuple(schemes) or tuple(Scheme.values))


def pages_of(req: Request) -> list[statements.Page]:
    years = range(req.start.year, req.end.year + 1)
    if req.kind == DocumentKind.PENSION_PROOF:
        return statements.pension_pages(
            selectors.payment_lines(req.person, start=req.start, end=req.end), years
        )
    lines = selectors.contribution_lines(req.person, start=req.start, end=req.end)
    if req.kind == DocumentKind.INSURANCE_PROOF:
        return statements.proof_pages(lines, years, req.schemes)
    until = min(selectors.month_end(req.end), timezone.localdate())
    ledger = selectors.person_account(req.person, until=until)
    return statements.statement_pages(lines, ledger, years, as_of=until)


def heading_of(req: Request, number: str, issued: date) -> Heading:
    homes = home_agencies(req.person)
    doc = req.person.primary_document
    period = _("Period: %(from)s to %(to)s") % {"from": f"{req.start:%Y-%m}", "to": f"{req.end:%Y-%m}"}
    if req.kind == DocumentKind.INSURANCE_PROOF:
        labels = "、".join(str(Scheme(s).label) for s in req.schemes)
        period += "  " + _("Schemes: %(s)s") % {"s": labels}
    return Heading(
        agency=homes[0].name if homes else _("Social insurance agency"),
        title=title_of(req.kind),
        number=number,
        person=_("Name: %(name)s    Document: %(doc)s")
        % {"name": req.person.name, "doc": doc.masked_number if doc else "—"},
        period=period,
        issued=f"{issued:%Y-%m-%d}",
        verify_url=public_url(reverse("records:verify", args=[number])),
    )


def title_of(kind: str) -> str:
    return {
        DocumentKind.STATEMENT: _("Statement of social insurance rights"),
        DocumentKind.INSURANCE_PROOF: _("Proof of social insurance contributions"),
        DocumentKind.PENSION_PROOF: _("Pension certificate"),
    }[DocumentKind(kind)]


def document_issue(req: Request, *, channel: str, actor=None, proxy: Person | None = None) -> IssuedDocument:
    """Build, sign and record one document (one audit entry: who, for whom, through which channel)."""
    now = timezone.now()
    number = new_number(req.kind, timezone.localdate(now))
    pdf = signer().sign(document_pdf(heading_of(req, number, timezone.localdate(now)), pages_of(req)))
    with transaction.atomic():
        doc = IssuedDocument.objects.create(
            number=number,
            kind=req.kind,
            person=req.person,
            period_from=req.start,
            period_to=req.end,
            schemes=",".join(req.schemes) if req.kind == DocumentKind.INSURANCE_PROOF else "",
            sha256=hashlib.sha256(pdf).hexdigest(),
            pdf=pdf,
            issued_at=now,
            issued_by=actor,
            channel=Channel(channel),
        )
        data = {"number": number, "kind": req.kind, "channel": channel, "period": period_label(doc)}
        if proxy is not None:
            data["proxy"] = proxy.pk
        log_action("records.document.issued", actor=actor, obj=req.person, data=data)
    return doc


def period_label(doc: IssuedDocument) -> str:
    return f"{doc.period_from:%Y-%m} – {doc.period_to:%Y-%m}"


def document_revoke(*, number: str, reason: str, actor) -> IssuedDocument:
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise ValidationFailed(fields={"reason": _("Give the reason for revoking (at most 200 characters).")})
    with transaction.atomic():
        doc = IssuedDocument.objects.select_for_update().filter(number=number).defer("pdf").first()
        if doc is None or not can(actor, "records.document.revoke", doc.person):
            raise NotFound()
        if doc.revoked:
            raise InvalidTransition(_("This document is already revoked."))
        doc.revoked_at, doc.revoked_by, doc.revoke_reason = timezone.now(), actor, reason
        doc.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        log_action(
            "records.document.revoked", actor=actor, obj=doc.person, data={"number": number, "reason": reason}
        )
    return doc


def verification(number: str) -> dict:
    """What anyone may learn from a number: valid, revoked or unknown, and the document's outline."""
    doc = IssuedDocument.objects.filter(number=number).select_related("person").defer("pdf").first()
    if doc is None:
        return {"status": "unknown", "number": number}
    return {
        "status": "revoked" if doc.revoked else "valid",
        "number": doc.number,
        "kind": doc.kind,
        "kind_label": title_of(doc.kind),
        "name": doc.person.masked_name,
        "period": period_label(doc),
        "issued_on": doc.issued_at.date(),
        "revoked_on": doc.revoked_at.date() if doc.revoked_at else None,
        "sha256": doc.sha256,
    }


def upload_check(number: str, data: bytes) -> dict:
    """An uploaded PDF: its signature checked by the validator against the agency's CA, and whether it is
    the very file issued under `number`."""
    check = signer().check(data)
    sha = hashlib.sha256(data).hexdigest()
    same = IssuedDocument.objects.filter(number=number, sha256=sha).exists()
    return {"signature_valid": check.valid, "reason": check.reason, "sha256": sha, "matches": same}
