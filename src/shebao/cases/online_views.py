"""Pages of online applications: the citizen chooses an item offered online, uploads the materials and
follows the application; the hall teller of the home agency checks the uploads and accepts or returns."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shebao.cases import clock, online
from shebao.cases.models import Case, OnlineApplication, OnlineState
from shebao.cases.uploads import read_scans, scan_response
from shebao.catalog.application_form import form_of, form_rows, posted_answers
from shebao.catalog.models import Category, Channel
from shebao.catalog.selectors import item_search
from shebao.core.audit import log_action
from shebao.core.errors import ApplicationError, NotFound, ValidationFailed
from shebao.core.permissions import require, staff_of
from shebao.people.portal import Panel, citizen_required


def _error_text(error: ApplicationError) -> str:
    return " ".join([str(error.message), *map(str, error.fields.values())])


# --- The citizen ------------------------------------------------------------------------------------


def _mine(citizen) -> list[OnlineApplication]:
    return list(
        online.followed_by(citizen)
        .select_related("item", "person", "case")
        .order_by("-submitted_at", "-id")[:20]
    )


def panel_context(request: HttpRequest, citizen, persons) -> dict:
    return {"applications": _mine(citizen), "citizen": citizen}


PANEL = Panel(key="online", order=5, template="cases/online/_panel.html", context=panel_context)


@citizen_required
def choose(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    if q:
        groups = [(_("Found"), item_search(query=q, channel=Channel.ONLINE, applicant_type="person"))]
    else:
        by_category: dict[str, list] = {}
        for item in online.online_items():
            by_category.setdefault(item.category, []).append(item)
        groups = [(Category(c).label, items) for c, items in by_category.items()]
    return render(request, "cases/online/choose.html", {"q": q, "groups": groups})


def _form_context(request: HttpRequest, item, answers=None, error=None, **extra) -> dict:
    version = item.version_on(clock.today())
    problems = error.fields if error else {}
    return {
        "item": item,
        "error": error,
        "materials": list(version.materials.order_by("position")) if version else [],
        "form": form_rows(form_of([version]) if version else [], answers or {}, problems),
        "persons": online.applicable_for(request.citizen, item),
        "key": uuid.uuid4().hex,  # one per rendered form: a double tap finds the first application
        **extra,
    }


@citizen_required
def apply(request: HttpRequest, code: str) -> HttpResponse:
    try:
        item = online.online_item(code)
    except NotFound:
        raise Http404 from None
    except ValidationFailed as error:
        messages.error(request, str(error.message))
        return redirect("cases:online_choose")
    if request.method != "POST":
        return render(request, "cases/online/apply.html", _form_context(request, item))
    post = request.POST
    try:
        scans = read_scans(request.FILES)
        persons = {str(p.pk): p for p in online.applicable_for(request.citizen, item)}
        person = persons.get(post.get("person", ""))
        if person is None:
            raise ValidationFailed(fields={"person": _("Choose for whom you apply.")})
        application = online.online_apply(
            citizen=request.citizen,
            person=person,
            item_code=item.code,
            scans=scans,
            answers=posted_answers(post),
            idempotency_key=post.get("key", ""),
        )
    except ApplicationError as error:
        ctx = _form_context(request, item, posted_answers(post), error=error, chosen=post.get("person", ""))
        return render(request, "cases/online/apply.html", ctx, status=error.status)
    return redirect("cases:online_mine_detail", reference=application.reference)


def _citizen_application(citizen, reference: str) -> OnlineApplication:
    application = (
        online.followed_by(citizen)
        .filter(reference=reference)
        .select_related("item", "person", "case", "home_agency")
        .first()
    )
    if application is None:
        raise Http404
    return application


@citizen_required
def mine_detail(request: HttpRequest, reference: str) -> HttpResponse:
    application = _citizen_application(request.citizen, reference)
    ctx = {"application": application, "for_other": application.person_id != request.citizen.pk}
    return render(request, "cases/online/mine_detail.html", ctx)


@require_POST
@citizen_required
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    application = _citizen_application(request.citizen, reference)
    try:
        online.online_withdraw(citizen=request.citizen, reference=application.reference)
    except ApplicationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect("cases:online_mine_detail", reference=reference)


# --- The hall teller --------------------------------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    staff = require(request.user, "cases.online.accept")
    waiting = (
        OnlineApplication.objects.filter(
            state=OnlineState.SUBMITTED, home_agency__path__startswith=staff.agency.path
        )
        .select_related("item", "person", "home_agency")
        .order_by("submitted_at", "id")
    )
    return render(
        request,
        "cases/online/queue.html",
        {"applications": waiting[:100], "count": waiting.count(), "today": clock.today()},
    )


def _staff_application(request: HttpRequest, reference: str) -> OnlineApplication:
    application = (
        OnlineApplication.objects.filter(reference=reference)
        .select_related("item", "item_version", "person", "applied_by", "home_agency", "case")
        .first()
    )
    if application is None:
        raise Http404
    require(request.user, "cases.online.accept", application)
    return application


@login_required
def check(request: HttpRequest, reference: str) -> HttpResponse:
    application = _staff_application(request, reference)
    # The teller sees the person's details and documents: a read of a person's record, audited.
    log_action(
        "cases.online.viewed", actor=request.user, obj=application, data={"person": application.person_id}
    )
    scans: dict[str, list] = {}
    for scan in application.scans.all():
        scans.setdefault(scan.material_key, []).append(scan)  # a card's front and back
    materials = [(m, scans.get(m.key, [])) for m in application.item_version.materials.order_by("position")]
    ctx = {"application": application, "materials": materials, "staff": staff_of(request.user)}
    return render(request, "cases/online/check.html", ctx)


@login_required
def scan(request: HttpRequest, reference: str, scan_id: int) -> FileResponse:
    application = _staff_application(request, reference)
    found = application.scans.filter(pk=scan_id).first()
    if found is None:
        raise Http404
    log_action(
        "cases.online.scan_viewed", actor=request.user, obj=application, data={"material": found.material_key}
    )
    return scan_response(found.file.open("rb"), found.content_type)


@require_POST
@login_required
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    post = request.POST
    try:
        if post.get("decision") == "return":
            online.online_return(
                user=request.user,
                reference=reference,
                reason=post.get("reason", ""),
                missing_keys=post.getlist("unusable"),
            )
            messages.success(request, _("The application is returned; the citizen is told by text."))
            return redirect("cases:online_queue")
        result = online.online_accept(
            user=request.user, reference=reference, received=set(post.getlist("good"))
        )
    except ApplicationError as error:
        messages.error(request, _error_text(error))
        return redirect("cases:online_check", reference=reference)
    if isinstance(result, Case):
        return redirect("cases:receipt", number=result.number)
    messages.warning(request, _("Required materials are missing: the application is returned with the list."))
    return redirect("cases:online_queue")
