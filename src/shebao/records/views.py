"""Pages of statements and proofs: public verification (by number, and of an uploaded PDF's signature),
the citizen's own documents in My services (for a bound relative too), the teller's printing at the window
and a manager's revoking. The PDF of an issued document goes only to whoever may read that person."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shebao.core.api import ClientRateThrottle
from shebao.core.audit import log_action
from shebao.core.errors import ApplicationError, NotFound, ValidationFailed
from shebao.core.permissions import can, require
from shebao.people.citizens import person_by_number
from shebao.people.models import Person
from shebao.people.portal import acting_for, citizen_required, current_citizen
from shebao.people.proxies import is_bound
from shebao.records import documents
from shebao.records.models import Channel, DocumentKind, IssuedDocument, Scheme

MAX_UPLOAD = 10 * 1024 * 1024
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _throttled(request: HttpRequest) -> bool:
    return not ClientRateThrottle(settings.SHEBAO["CERT_VERIFY_RATE"]).allow_request(request)


def verify(request: HttpRequest, number: str = "") -> HttpResponse:
    number = (number or request.GET.get("number", "")).strip().upper()[:32]
    if number and not request.resolver_match.kwargs.get("number"):
        return redirect("records:verify", number=number)
    if _throttled(request):
        return render(request, "records/verify.html", {"throttled": True}, status=429)
    context: dict = {"result": documents.verification(number) if number else None, "may_revoke": False}
    if number and request.user.is_authenticated and context["result"]["status"] == "valid":
        doc = IssuedDocument.objects.filter(number=number).select_related("person").defer("pdf").get()
        context["may_revoke"] = can(request.user, "records.document.revoke", doc.person)
    if request.method == "POST" and number:
        upload = request.FILES.get("pdf")
        if upload is None or upload.size > MAX_UPLOAD:
            context["upload_error"] = _("Choose the PDF file (at most 10 MB).")
        else:
            context["upload"] = documents.upload_check(number, upload.read())
    return render(request, "records/verify.html", context)


def pdf_response(doc: IssuedDocument) -> HttpResponse:
    response = HttpResponse(bytes(doc.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{doc.number}.pdf"'
    return response


def may_download(request: HttpRequest, doc: IssuedDocument) -> bool:
    citizen = current_citizen(request)
    if citizen is not None:
        return doc.person_id == citizen.pk or is_bound(proxy=citizen, principal=doc.person)
    return request.user.is_authenticated and can(request.user, "records.person.read", doc.person)


def document_pdf(request: HttpRequest, number: str) -> HttpResponse:
    doc = IssuedDocument.objects.filter(number=number).select_related("person").first()
    if doc is None or not may_download(request, doc):
        raise Http404
    if request.user.is_authenticated:
        log_action("records.document.downloaded", actor=request.user, obj=doc.person, data={"number": number})
    return pdf_response(doc)


def month_field(value: str, name: str) -> date:
    match = _MONTH.match((value or "").strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValidationFailed(fields={name: _("Write the month as YYYY-MM (e.g. 2024-03).")})
    return date(int(match[1]), int(match[2]), 1)


def request_from_form(data, person: Person) -> documents.Request:
    start, end = month_field(data.get("from", ""), "from"), month_field(data.get("to", ""), "to")
    schemes = data.getlist("schemes") if hasattr(data, "getlist") else data.get("schemes", [])
    return documents.checked(data.get("kind", ""), person, start, end, schemes)


def form_context(**extra) -> dict:
    this_year = date.today().year
    return {
        "kinds": DocumentKind.choices,
        "schemes": Scheme.choices,
        "default_from": f"{this_year - 1}-01",
        "default_to": f"{this_year - 1}-12",
        **extra,
    }


@citizen_required
def mine(request: HttpRequest) -> HttpResponse:
    """My statements and proofs: ask for one (for me or a person I act for), download what I got."""
    persons = acting_for(request.citizen)
    context = form_context(persons=persons, posted=request.POST, error=None)
    if request.method == "POST":
        person = next((p for p in persons if str(p.pk) == request.POST.get("person")), None)
        try:
            if person is None:
                raise ValidationFailed(fields={"person": _("Choose whose document it is.")})
            proxy = request.citizen if person.pk != request.citizen.pk else None
            doc = documents.document_issue(
                request_from_form(request.POST, person), channel=Channel.PORTAL, proxy=proxy
            )
        except ApplicationError as error:
            context["error"] = error
            return render(
                request, "records/mine.html", context | {"issued": _issued(persons)}, status=error.status
            )
        return redirect("records:pdf", number=doc.number)
    return render(request, "records/mine.html", context | {"issued": _issued(persons)})


def _issued(persons: list[Person]):
    return IssuedDocument.objects.filter(person__in=persons).select_related("person").defer("pdf")[:30]


@login_required
def window(request: HttpRequest) -> HttpResponse:
    """A teller prints a statement or proof for the person in front of them (document number in hand).
    Looking the person up is a staff read of that person, audited like any other."""
    require(request.user, "records.document.print")
    context = form_context(posted=request.POST or request.GET, error=None, person=None)
    number = (request.POST.get("number") or request.GET.get("number") or "").strip()
    if not number:
        return render(request, "records/window.html", context)
    person = person_by_number(number)
    if person is None or not can(request.user, "records.person.read", person):
        context["error"] = NotFound(_("No person you may serve has this document number."))
        return render(request, "records/window.html", context, status=404)
    context["person"] = person
    if request.method != "POST" or "kind" not in request.POST:
        log_action("people.person.viewed", actor=request.user, obj=person, data={"via": "records window"})
        return render(request, "records/window.html", context)
    try:
        doc = documents.document_issue(
            request_from_form(request.POST, person), channel=Channel.WINDOW, actor=request.user
        )
    except ApplicationError as error:
        context["error"] = error
        return render(request, "records/window.html", context, status=error.status)
    return redirect("records:pdf", number=doc.number)


@login_required
@require_POST
def revoke(request: HttpRequest, number: str) -> HttpResponse:
    doc = IssuedDocument.objects.filter(number=number).select_related("person").defer("pdf").first()
    if doc is None:
        raise Http404
    require(request.user, "records.document.revoke", doc.person)
    try:
        documents.document_revoke(number=number, reason=request.POST.get("reason", ""), actor=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The document is revoked."))
    return redirect("records:verify", number=number)
