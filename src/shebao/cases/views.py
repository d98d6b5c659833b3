"""Pages: the teller's accept page, receipt and one-time notice, the back-office queue and case page,
statistics, and the citizen's tracking page (case number + document number) with online supplement."""

from __future__ import annotations

import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shebao.cases import backoffice, letters, portal_views, selectors, services, window
from shebao.cases.aftercare import holds_document
from shebao.cases.models import Case, DeliveryMethod, ProxyBasis
from shebao.cases.ratings import rating_link
from shebao.cases.states import MaterialStatus
from shebao.cases.uploads import read_material, read_scans, scan_response
from shebao.catalog.application_form import form_of, form_rows, posted_answers
from shebao.catalog.selectors import bundle_detail, item_guide
from shebao.core import limits, qr
from shebao.core.clientaddr import client_address
from shebao.core.errorpages import error_page
from shebao.core.errors import ApplicationError, NotAllowed, NotFound, ValidationFailed
from shebao.core.idcards import DOC_TYPE_LABELS, DocType
from shebao.core.permissions import can, require
from shebao.people.selectors import person_detail, person_search, person_served

TRACK_ATTEMPTS = 20  # per client address per 10 minutes: the pair cannot be guessed by brute force


def _checklist(item_code: str, bundle_code: str):
    """(title, merged materials, the items' guides) of the item or the bundle chosen."""
    if bundle_code:
        view = bundle_detail(bundle_code)
        return view.bundle.name, view.materials, view.guides
    guide = item_guide(item_code)
    return guide.item.name, guide.materials, [guide]


def _filling(ctx: dict, item_code: str, bundle_code: str, post=None, error=None) -> None:
    """The page's form part: the checklist, the application form (a bundle's items share one), a new key;
    after a refused answer, what the teller typed and ticked, each wrong answer marked."""
    ctx["title"], ctx["materials"], guides = _checklist(item_code, bundle_code)
    form = form_of(g.version for g in guides if g.version)
    ctx["form"] = form_rows(form, posted_answers(post or {}), error.fields if error else {})
    ctx["received"] = set(post.getlist("received")) if post else set()
    ctx["key"] = uuid.uuid4().hex  # one per rendered form: a double submit finds the first case
    ctx["proxy_bases"] = ProxyBasis.choices
    ctx["doc_types"] = [(t.value, DOC_TYPE_LABELS[t]) for t in DocType]


@login_required
def accept(request: HttpRequest) -> HttpResponse:
    """Find the applicant (the full number is typed once, then only the masked person is shown),
    choose an item or bundle, tick and scan the materials of the version in force."""
    staff = require(request.user, "cases.case.accept")
    doc = request.GET.get("doc", "").strip()
    item_code, bundle_code = request.GET.get("item", ""), request.GET.get("bundle", "")
    ctx = {"q": request.GET.get("q", ""), "item_code": item_code, "bundle_code": bundle_code, "refused": []}
    if doc:
        persons = person_search(user=request.user, query=doc)
        if len(persons) == 1:
            return redirect(
                reverse("cases:accept")
                + "?"
                + urlencode(
                    {
                        k: v
                        for k, v in {
                            "person": persons[0].pk,
                            "item": item_code,
                            "bundle": bundle_code,
                        }.items()
                        if v
                    }
                )
            )
        ctx["not_found"] = True
    person_id = request.GET.get("person", "")
    # The teller serving the applicant compares the full name and number with the card in hand (audited).
    person = (
        person_served(user=request.user, person_id=int(person_id), purpose="window_accept")
        if person_id.isdigit()
        else None
    )
    ctx["person"] = person
    if person and not (item_code or bundle_code):
        ctx["choice"] = window.window_choice(staff, ctx["q"])
        ctx["bundles"] = window.window_bundles(staff)
    elif person:
        # Refused before the form is filled: the teller can send the applicant where it can be done.
        ctx["refused"] = window.refused_here(staff, item_code, bundle_code)
    if person and (item_code or bundle_code) and not ctx["refused"]:
        _filling(ctx, item_code, bundle_code)
    return render(request, "cases/accept.html", ctx)


def _form_refused(request: HttpRequest, error: ValidationFailed) -> HttpResponse:
    """The accept page again after a wrong answer on the application form: what was typed and ticked kept,
    each wrong answer marked (the scans must be attached again: a browser never keeps chosen files)."""
    post = request.POST
    person = person_served(user=request.user, person_id=int(post["person_id"]), purpose="window_accept")
    item_code, bundle_code = post.get("item", ""), post.get("bundle", "")
    ctx = {"person": person, "item_code": item_code, "bundle_code": bundle_code, "refused": []}
    ctx["form_error"] = error
    _filling(ctx, item_code, bundle_code, post, error)
    return render(request, "cases/accept.html", ctx, status=error.status)


def _proxy(post) -> services.ProxyIn | None:
    if not post.get("proxy_name", "").strip():
        return None
    return services.ProxyIn(
        post.get("proxy_name", ""),
        post.get("proxy_doc_type", ""),
        post.get("proxy_doc_number", ""),
        post.get("proxy_basis", ""),
    )


@login_required
@require_POST
def accept_submit(request: HttpRequest) -> HttpResponse:
    person = person_detail(user=request.user, person_id=int(request.POST.get("person_id", "0") or 0))
    try:
        intake = services.case_accept(
            teller=request.user,
            person=person,
            item_code=request.POST.get("item", ""),
            bundle_code=request.POST.get("bundle", ""),
            received=set(request.POST.getlist("received")),
            scans=read_scans(request.FILES),
            proxy=_proxy(request.POST),
            answers=posted_answers(request.POST),
            idempotency_key=request.POST.get("key", ""),
        )
    except services.MaterialsMissing as missing:
        # The QR code opens the guide: everything the applicant must bring, on their phone.
        code = missing.notice.item_codes[0]
        bundle = request.POST.get("bundle", "")
        url = reverse("catalog:bundle", args=[bundle]) if bundle else reverse("catalog:item", args=[code])
        return render(
            request,
            "cases/notice.html",
            {
                "notice": missing.notice,
                "qr": qr.svg(
                    request.build_absolute_uri(url), label=_("QR code: the guide with every material")
                ),
            },
            status=422,
        )
    except ValidationFailed as error:
        if any(name.startswith("form_") for name in error.fields):
            return _form_refused(request, error)
        return error_page(request, error)
    return redirect("cases:receipt", number=intake.submission.cases.order_by("id").first().number)


@login_required
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    case = selectors.case_detail(user=request.user, number=number)
    linked = case.submission.cases.exclude(pk=case.pk).select_related("item_version__item")
    track = request.build_absolute_uri(reverse("cases:track") + f"?number={case.number}")
    return render(
        request,
        "cases/receipt.html",
        {
            "case": case,
            "linked": linked,
            "owed": [m for m in case.materials.all() if m.status in ("deferred", "requested")],
            "qr": qr.svg(track, label=_("QR code: track this case")),
            "rate_url": rating_link(case),
        },
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    rows = selectors.case_queue(user=request.user)
    return render(request, "cases/queue.html", {"rows": rows})


@login_required
@require_POST
def claim_next(request: HttpRequest) -> HttpResponse:
    step = services.case_claim_next(user=request.user)
    if step is None:
        messages.info(request, _("No case is waiting for you."))
        return redirect("cases:queue")
    return redirect("cases:detail", number=step.case.number)


@login_required
def detail(request: HttpRequest, number: str) -> HttpResponse:
    case = selectors.case_detail(user=request.user, number=number)
    step = selectors.next_step_for(case)
    days = selectors.remaining_days(case)
    user = request.user
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "step": step,
            # The last step's opinion is what the letter says was decided.
            "last_step": step is not None and not any(s.position > step.position for s in case.steps.all()),
            "days": days,
            "warning": selectors.warning(days),
            "delivery_methods": DeliveryMethod.choices,
            "outstanding": [m for m in case.materials.all() if m.status in ("deferred", "requested")],
            "to_check": [m for m in case.materials.all() if m.status == MaterialStatus.TO_CHECK]
            if can(request.user, "cases.material.check", case)
            else [],
            "has_letter": letters.has_letter(case),
            "may_view_person": can(request.user, "people.person.view", case.person),
            # Only what this person may do now is offered; a step not open to them says why (the rules
            # are asked, as the actions themselves ask them).
            "claim_refusal": backoffice.claim_refusal(case, user) if step is not None else None,
            "may_transfer": step is not None and can(user, "cases.case.transfer", case),
            "may_supplement": can(user, "cases.case.supplement", case),
            "may_deliver": can(user, "cases.case.deliver", case),
            "scans": _named_scans(case),
        },
    )


def _named_scans(case: Case) -> list[dict]:
    """Each scan under the name of its material (the key is a code, not something to show)."""
    names = {m.key: m.name for m in case.materials.all()}
    return [{"scan": s, "name": names.get(s.material_key, s.material_key)} for s in case.scans.all()]


@login_required
def case_scan(request: HttpRequest, number: str, scan_id: int) -> FileResponse:
    scan = selectors.case_scan(user=request.user, number=number, scan_id=scan_id)
    return scan_response(scan.file.open("rb"), scan.content_type)


def _act(request, number: str) -> None:
    post, user, action = request.POST, request.user, request.POST.get("action", "")
    if action == "claim":
        services.case_claim(user=user, number=number)
    elif action == "approve":
        services.case_approve(user=user, number=number, note=post.get("reason", ""))
    elif action == "return":
        days = post.get("days", "")
        services.case_return(
            user=user,
            number=number,
            reason=post.get("reason", ""),
            materials=post.getlist("materials"),
            days=int(days) if days.isdigit() else 0,
        )
    elif action == "reject":
        services.case_reject(user=user, number=number, reason=post.get("reason", ""))
    elif action == "transfer":
        services.case_transfer(
            user=user, number=number, to_agency_code=post.get("to_agency", ""), reason=post.get("reason", "")
        )
    elif action == "deliver":
        services.case_deliver(
            user=user,
            number=number,
            method=post.get("method", ""),
            outlet_code=post.get("outlet", ""),
            tracking_number=post.get("tracking_number", ""),
        )
    elif action == "supplement":
        services.case_supplement(actor=user, number=number, material_key=post.get("material", ""))
    elif action in ("material_accept", "material_ask_again"):
        days = post.get("days", "")
        services.case_material_check(
            user=user,
            number=number,
            material_key=post.get("material", ""),
            accept=action == "material_accept",
            reason=post.get("reason", ""),
            days=int(days) if days.isdigit() else 0,
        )
    else:
        raise ValidationFailed(fields={"action": _("Unknown action.")})


@login_required
@require_POST
def act(request: HttpRequest, number: str) -> HttpResponse:
    try:
        _act(request, number)
    except NotFound:
        raise  # one answer whether the case does not exist or may not be seen by this user
    except ApplicationError as error:
        case = Case.objects.filter(number=number).select_related("home_agency").first()
        if isinstance(error, NotAllowed) and not can(request.user, "cases.case.view", case):
            raise  # nothing of this case is shown to someone who may not see it
        messages.error(request, error.message)
        return redirect("cases:detail", number=number)
    messages.success(request, _("Done."))
    if request.POST.get("action") == "transfer":
        return redirect("cases:queue")
    return redirect("cases:detail", number=number)


@login_required
def letter(request: HttpRequest, number: str) -> HttpResponse:
    """The decision letter, for the window to print (the read is audited by case_detail)."""
    return portal_views.letter_response(request, selectors.case_detail(user=request.user, number=number))


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    stats = selectors.statistics(user=request.user)
    # The overdue list is the time-limit monitor of the back office; an administrator sees the figures only.
    overdue = selectors.overdue(user=request.user) if can(request.user, "cases.queue.view") else None
    return render(request, "cases/stats.html", {"stats": stats, "overdue": overdue})


def _throttled(request) -> bool:
    return limits.over(f"cases:track:{client_address(request)}", TRACK_ATTEMPTS, timedelta(minutes=10))


def _tracked(request, case: Case) -> bool:
    return request.session.get("tracked_cases", {}).get(case.number) == case.person_id


def _remember(request, case: Case) -> HttpResponse:
    tracked = request.session.get("tracked_cases", {})
    tracked[case.number] = case.person_id
    request.session["tracked_cases"] = tracked
    return redirect(reverse("cases:track") + f"?number={case.number}")


def _track_online(request, ctx: dict) -> HttpResponse:
    """A WS… number: once accepted it leads to its case; before that the page says where it stands."""
    application = selectors.online_for_citizen(
        reference=ctx["number"], id_number=request.POST.get("id_number", "")
    )
    if application.case is not None:
        return _remember(request, application.case)
    return render(request, "cases/track.html", ctx | {"application": application})


def track(request: HttpRequest) -> HttpResponse:
    """The citizen's page: no sign-in; the case number and the applicant's document number open it, for
    this browser session only."""
    ctx = {"number": request.GET.get("number", request.POST.get("number", "")).strip()}
    case = None
    if request.method == "POST":
        if _throttled(request):
            ctx["error"] = _("Too many attempts. Please wait ten minutes and try again.")
        else:
            try:
                if ctx["number"].upper().startswith("WS"):
                    return _track_online(request, ctx)
                case = selectors.case_for_citizen(
                    number=ctx["number"], id_number=request.POST.get("id_number", "")
                )
            except ApplicationError as error:
                ctx["error"] = error.message
            else:
                return _remember(request, case)
    elif ctx["number"]:
        found = Case.objects.filter(number=ctx["number"]).first()
        case = found if found is not None and _tracked(request, found) else None
    if case is not None:
        ctx.update(
            {
                "case": case,
                "days": selectors.remaining_days(case),
                "outstanding": [m for m in case.materials.all() if m.status in ("deferred", "requested")],
                "events": case.events.select_related("citizen").order_by("at", "id"),
                "has_letter": letters.has_letter(case),
            }
        )
    return render(request, "cases/track.html", ctx)


@require_POST
def track_supplement(request: HttpRequest, number: str) -> HttpResponse:
    case = Case.objects.filter(number=number).select_related("person").first()
    if case is None or not _tracked(request, case):
        return redirect(reverse("cases:track") + f"?number={number}")
    document = next((d.number for d in case.person.documents.all() if holds_document(case, d.number)), "")
    key = request.POST.get("material", "")
    try:
        scans = read_material(key, request.FILES.getlist("file"))
        services.case_supplement(number=number, material_key=key, scans=scans, id_number=document)
    except ApplicationError as error:
        messages.error(request, " ".join([str(error.message), *map(str, error.fields.values())]))
    else:
        messages.success(request, _("Thank you. The material was received."))
    return redirect(reverse("cases:track") + f"?number={number}")


def track_letter(request: HttpRequest, number: str) -> HttpResponse:
    case = Case.objects.filter(number=number).select_related("person", "home_agency", "outlet").first()
    if case is None or not _tracked(request, case):
        return redirect(reverse("cases:track") + f"?number={number}")
    return portal_views.letter_response(request, case)
