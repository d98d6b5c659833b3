"""Pages of the notify app: the statutory retirement age in plain words, the citizen's inbox and
preferences, the agency's notices and the managers' figures."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shebao.core.errors import ApplicationError, ValidationFailed
from shebao.core.permissions import require
from shebao.core.retirement import Category, format_month, retirement_age
from shebao.notify import selectors, services
from shebao.notify.api import birth_param, category_param
from shebao.notify.models import Channel, Contact, OptOut, Scenario
from shebao.notify.scans import category_of
from shebao.people.portal import citizen_required, current_citizen
from shebao.records.selectors import pension_contribution_months


def _my_defaults(person) -> dict:
    """The signed-in citizen's own month of birth and category (a woman chooses cadre or worker)."""
    if person is None or person.birth_date is None:
        return {}
    return {"birth": f"{person.birth_date:%Y-%m}", "category": category_of(person).value}


def _contribution(person, minimum: Decimal) -> dict:
    months = pension_contribution_months(person)
    missing_months = max(int(minimum * 12) - months, 0)
    return {
        "years": months // 12,
        "months": months % 12,
        "missing_years": missing_months // 12,
        "missing_months": missing_months % 12,
        "met": missing_months == 0,
    }


def retirement_age_page(request: HttpRequest) -> HttpResponse:
    citizen = current_citizen(request)
    asked = {k: request.GET.get(k, "") for k in ("birth", "category")}
    if not any(asked.values()):
        asked = _my_defaults(citizen) or asked
    ctx: dict = {"asked": asked, "citizen": citizen, "categories": _category_choices()}
    if asked.get("birth") or asked.get("category"):
        try:
            year, month = birth_param(asked.get("birth", ""))
            category = category_param(asked.get("category", ""))
        except ValidationFailed as error:
            ctx["error"] = error
            return render(request, "notify/retirement_age.html", ctx, status=422)
        answer = retirement_age(category, year, month)
        ctx["answer"] = answer
        ctx["months"] = {
            name: format_month(getattr(answer, name)) for name in ("retire_on", "earliest_on", "latest_on")
        }
        own = _my_defaults(citizen)
        if citizen is not None and own.get("birth") == asked["birth"]:
            ctx["mine"] = _contribution(citizen, answer.min_contribution_years)
    return render(request, "notify/retirement_age.html", ctx)


def _category_choices():
    return [
        (Category.MALE.value, _("Man")),
        (Category.FEMALE_CADRE.value, _("Woman in a cadre post (originally 55)")),
        (Category.FEMALE_WORKER.value, _("Woman worker (originally 50)")),
    ]


# --- the citizen's inbox and preferences ------------------------------------------------------------


@citizen_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    person = request.citizen  # type: ignore[attr-defined]
    return render(
        request,
        "notify/inbox.html",
        {"notices": selectors.inbox(person), "unread": selectors.unread_count(person)},
    )


@require_POST
@citizen_required
def inbox_read(request: HttpRequest, delivery_id: int) -> HttpResponse:
    services.inbox_mark_read(person=request.citizen, delivery_id=delivery_id)  # type: ignore[attr-defined]
    return redirect("notify:inbox")


@citizen_required
def preferences_page(request: HttpRequest) -> HttpResponse:
    """Opt out of a scenario on a channel (legally required ones cannot be), and my e-mail address."""
    person = request.citizen  # type: ignore[attr-defined]
    ctx: dict = {}
    if request.method == "POST":
        try:
            _save_preferences(person, request.POST)
        except ApplicationError as error:
            ctx["error"] = error
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("notify:preferences")
    out = set(OptOut.objects.filter(person=person).values_list("scenario_id", "channel"))
    contact = Contact.objects.filter(person=person).first()
    ctx.update(
        scenarios=[
            {
                "scenario": s,
                "channels": [(c.value, c.label, (s.pk, c.value) in out) for c in Channel],
            }
            for s in Scenario.objects.filter(active=True).order_by("code")
        ],
        email=contact.email if contact else "",
        language=contact.language if contact else "zh_hans",
        notice_languages=[("zh_hans", "简体中文"), ("zh_hant", "繁體中文"), ("en", "English")],
    )
    return render(request, "notify/preferences.html", ctx, status=422 if "error" in ctx else 200)


def _save_preferences(person, post) -> None:
    services.contact_set(
        person=person, email=post.get("email", "").strip(), language=post.get("language", "zh_hans")
    )
    chosen = set(post.getlist("out"))
    now_out = set(OptOut.objects.filter(person=person).values_list("scenario_id", "channel"))
    for scenario in Scenario.objects.filter(active=True):
        for channel in Channel.values:
            wants_out = f"{scenario.pk}-{channel}" in chosen and not scenario.legally_required
            if wants_out != ((scenario.pk, channel) in now_out):  # only what changed is written and audited
                services.opt_out_set(person=person, scenario=scenario, channel=channel, out=wants_out)


@citizen_required
def employer_inbox_page(request: HttpRequest) -> HttpResponse:
    """The notices to the employers this citizen handles for (retirement of an employee, and more)."""
    employers, notices = selectors.employer_inbox(request.citizen)  # type: ignore[attr-defined]
    return render(request, "notify/employer_inbox.html", {"employers": employers, "notices": notices})


# --- staff -------------------------------------------------------------------------------------------


@login_required
def agency_inbox_page(request: HttpRequest) -> HttpResponse:
    profile = require(request.user, "notify.agency_inbox.view")
    return render(request, "notify/agency_inbox.html", {"notices": selectors.agency_inbox(profile.agency)})


@login_required
def stats_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "notify.stats.view")
    return render(request, "notify/stats.html", {"rows": selectors.scenario_figures()})
