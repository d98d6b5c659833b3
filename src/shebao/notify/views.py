"""Citizen pages of the notify app: the statutory retirement age in plain words."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from shebao.core.errors import ValidationFailed
from shebao.core.retirement import Category, format_month, retirement_age
from shebao.notify.api import birth_param, category_param
from shebao.people.models import Sex
from shebao.people.portal import current_citizen
from shebao.records.selectors import pension_contribution_months


def _my_defaults(person) -> dict:
    """The signed-in citizen's own month of birth and category (a woman chooses cadre or worker)."""
    if person is None or person.birth_date is None:
        return {}
    category = Category.MALE if person.sex == Sex.MALE else Category.FEMALE_WORKER
    return {"birth": f"{person.birth_date:%Y-%m}", "category": category.value}


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
