"""The 24-hour self-service kiosk (自助打印): a full-screen page on a machine in the hall, used by whoever
stands at it. The person keys in (or swipes: an ID-card reader types like a keyboard) their document
number, answers the code texted to their registered phone (people.citizens' sign-in codes), picks a proof
and prints it (the signed PDF opens inside the kiosk's page, in the browser's viewer with its print
button).

Nobody's data outlives them at the machine: the kiosk's session is its own key (never a portal sign-in),
ends after KIOSK_IDLE_SECONDS (60) without a request, on every page load that finds it stale, and when
the page's script (records/static/records/kiosk.js) sees 60 s without a touch or key: it posts to `end`,
which flushes the whole server session, and the page returns to the empty first step.
"""

from __future__ import annotations

import time
from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from shebao.core.audit import log_action
from shebao.core.clientaddr import client_address
from shebao.core.errors import ApplicationError
from shebao.people.citizen_models import CodePurpose
from shebao.people.citizens import code_request, code_verify
from shebao.people.models import Person, Recipient
from shebao.records import documents
from shebao.records.models import Channel, DocumentKind, IssuedDocument

KEY = "records_kiosk"


def idle_seconds() -> int:
    return settings.SHEBAO.get("KIOSK_IDLE_SECONDS", 60)


def _state(request: HttpRequest) -> dict:
    """The kiosk's session data, or {} once it has been idle too long (then the session is flushed)."""
    data = request.session.get(KEY) or {}
    if data and time.time() - data.get("seen", 0) > idle_seconds():
        request.session.flush()
        return {}
    return data


def _save(request: HttpRequest, **data) -> None:
    request.session[KEY] = {**request.session.get(KEY, {}), **data, "seen": time.time()}


def _person(request: HttpRequest) -> Person | None:
    pk = _state(request).get("person")
    return Person.objects.filter(pk=pk).first() if pk else None


def _render(request: HttpRequest, step: str, status: int = 200, **context) -> HttpResponse:
    context |= {"step": step, "idle_seconds": idle_seconds()}
    response = render(request, "records/kiosk.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def start(request: HttpRequest) -> HttpResponse:
    """Step 1: the document number. Always starts a fresh session: the previous person's is gone."""
    if request.method != "POST":
        if request.session.get(KEY):
            request.session.flush()
        return _render(request, "number")
    request.session.flush()
    try:
        row = code_request(number=request.POST.get("number", ""), client=client_address(request) or "kiosk")
    except ApplicationError as error:
        return _render(request, "number", status=error.status, error=error)
    _save(request, challenge=row.pk)
    return _render(request, "code")


@require_POST
def code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the text message."""
    challenge = _state(request).get("challenge")
    if not challenge:
        return redirect("records:kiosk")
    try:
        verified = code_verify(
            code_id=challenge, code=request.POST.get("code", ""), purpose=CodePurpose.SIGN_IN
        )
    except ApplicationError as error:
        _save(request)
        return _render(request, "code", status=error.status, error=error)
    request.session.cycle_key()
    request.session[KEY] = {"person": verified.person.pk, "seen": time.time()}
    log_action("records.kiosk.signed_in", obj=verified.person, data={"client": client_address(request)})
    return redirect("records:kiosk_choose")


def choices(person: Person) -> list[tuple[str, str]]:
    kinds = [
        (DocumentKind.STATEMENT, _("Statement of rights, last year")),
        (DocumentKind.INSURANCE_PROOF, _("Proof of insurance, last 12 months")),
    ]
    if Recipient.objects.filter(person=person).exists():
        kinds.append((DocumentKind.PENSION_PROOF, _("Pension certificate, last 12 months")))
    return kinds


def period(kind: str, today: date) -> tuple[date, date]:
    this_month = today.replace(day=1)
    if kind == DocumentKind.STATEMENT:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 1)
    start = date(this_month.year - 1, this_month.month, 1)
    return start, this_month


def choose(request: HttpRequest) -> HttpResponse:
    """Step 3: pick a proof; it is issued, signed and opened for printing."""
    person = _person(request)
    if person is None:
        return redirect("records:kiosk")
    _save(request)
    context = {"person": person, "choices": choices(person)}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in dict(context["choices"]):
            return _render(request, "choose", status=422, error=_("Choose one of the documents."), **context)
        start, end = period(kind, timezone.localdate())
        try:
            doc = documents.document_issue(documents.checked(kind, person, start, end), channel=Channel.KIOSK)
        except ApplicationError as error:
            return _render(request, "choose", status=error.status, error=error, **context)
        _save(request, documents=[*request.session[KEY].get("documents", []), doc.number])
        context["issued"] = doc
    return _render(request, "choose", **context)


@xframe_options_sameorigin
def pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The PDF of a document issued at this kiosk in this session only."""
    if number not in _state(request).get("documents", []):
        raise Http404
    doc = IssuedDocument.objects.get(number=number)
    response = HttpResponse(bytes(doc.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{doc.number}.pdf"'
    response["Cache-Control"] = "no-store"
    # Shown inside the kiosk's own page (so the page's idle timer can take it off the screen): framing by
    # this site only.
    response["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'self'"
    return response


@require_POST
def end(request: HttpRequest) -> HttpResponse:
    """Idle or "finish": the server session ends with the screen."""
    request.session.flush()
    return redirect("records:kiosk")
