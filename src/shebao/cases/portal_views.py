"""The citizen's case pages in My services (the portal shell and sign-in are people's): my cases and
those of the people I act for, each with its state, time limit and what is missing; supplement online;
the decision letter; the choice of delivery. Every action records who acted (applicant or proxy)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shebao.cases import letters, selectors, services
from shebao.cases.models import DeliveryMethod
from shebao.cases.uploads import read_material
from shebao.core.errors import ApplicationError
from shebao.people.portal import Panel, acting_for, citizen_required


def panel_context(request: HttpRequest, citizen, persons) -> dict:
    """The portal home's cases panel (registered in CasesConfig.ready)."""
    found = selectors.cases_for_citizen(persons=persons)
    groups = [(p, found[p.pk]) for p in persons if p.pk == citizen.pk or found[p.pk]]
    return {"groups": groups, "citizen": citizen}


PANEL = Panel(key="cases", order=10, template="cases/portal/_panel.html", context=panel_context)


@citizen_required
def mine(request: HttpRequest) -> HttpResponse:
    persons = acting_for(request.citizen)
    return render(request, "cases/portal/mine.html", panel_context(request, request.citizen, persons))


@citizen_required
def mine_employer(request: HttpRequest) -> HttpResponse:
    """Employers see their cases: those their handling staff, this citizen, handed in for them."""
    by_employer: dict = {}
    for case in selectors.cases_handled_for_employers(citizen=request.citizen):
        by_employer.setdefault(case.employer, []).append(case)
    return render(request, "cases/portal/employer.html", {"groups": list(by_employer.items())})


@citizen_required
def mine_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = selectors.case_of_citizen(citizen=request.citizen, number=number)
    days = selectors.remaining_days(case)
    ctx = {
        "case": case,
        "days": days,
        "warning": selectors.warning(days),
        "warning_label": selectors.WARNING_LABELS[selectors.warning(days)],
        "outstanding": [m for m in case.materials.all() if m.status in ("deferred", "requested")],
        "events": case.events.select_related("citizen").order_by("at", "id"),
        "has_letter": letters.has_letter(case),
        "delivery_methods": DeliveryMethod.choices,
        "outlets": selectors.pickup_outlets(case) if case.state not in ("delivered", "rejected") else [],
        "for_other": case.person_id != request.citizen.pk,
    }
    return render(request, "cases/portal/detail.html", ctx)


def _back(number: str) -> HttpResponse:
    return redirect("cases:mine_detail", number=number)


@require_POST
@citizen_required
def mine_supplement(request: HttpRequest, number: str) -> HttpResponse:
    key = request.POST.get("material", "")
    try:
        scans = read_material(key, request.FILES.getlist("file"))
        services.case_supplement(number=number, material_key=key, scans=scans, citizen=request.citizen)
    except ApplicationError as error:
        messages.error(request, " ".join([str(error.message), *map(str, error.fields.values())]))
    else:
        messages.success(request, _("Thank you. The material was received."))
    return _back(number)


@require_POST
@citizen_required
def mine_delivery(request: HttpRequest, number: str) -> HttpResponse:
    post = request.POST
    try:
        services.case_choose_delivery(
            number=number,
            citizen=request.citizen,
            method=post.get("method", ""),
            outlet_code=post.get("outlet", ""),
            address=post.get("address", ""),
        )
    except ApplicationError as error:
        messages.error(request, " ".join([str(error.message), *map(str, error.fields.values())]))
    else:
        messages.success(request, _("Your choice of delivery is saved."))
    return _back(number)


def letter_response(request: HttpRequest, case) -> HttpResponse:
    url = request.build_absolute_uri(reverse("cases:track") + f"?number={case.number}")
    response = HttpResponse(letters.letter_pdf(case, url=url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{case.number}.pdf"'
    return response


@citizen_required
def mine_letter(request: HttpRequest, number: str) -> HttpResponse:
    return letter_response(request, selectors.case_of_citizen(citizen=request.citizen, number=number))
