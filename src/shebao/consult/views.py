"""Citizen pages of the calculators: plain GET forms (they work without JavaScript and can be bookmarked),
every error shown at once beside its field; nothing is stored."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shebao.consult import calculators, explain, inputs
from shebao.consult.api import pension_answer
from shebao.core.audit import log_action
from shebao.core.errors import ValidationFailed
from shebao.core.retirement import retirement_age
from shebao.notify.scans import category_of
from shebao.people.models import Sex
from shebao.people.portal import acting_for, citizen_required, current_citizen
from shebao.records import selectors as records_selectors
from shebao.records.models import PaymentPart


def _page(request: HttpRequest, template: str, fields: dict, answer) -> HttpResponse:
    asked = {name: request.GET.get(name, "") for name in fields}
    context: dict = {"asked": asked}
    if any(asked.values()):
        try:
            context["answer"] = answer(inputs.read(request.GET, fields))
        except ValidationFailed as error:
            context["error"] = error
            return render(request, template, context, status=422)
    return render(request, template, context)


def pension(request: HttpRequest) -> HttpResponse:
    citizen = current_citizen(request)
    if citizen is None or any(request.GET.get(name) for name in inputs.PENSION_FIELDS):
        return _page(request, "consult/calculator_pension.html", inputs.PENSION_FIELDS, pension_answer)
    mine = _from_my_records(citizen)
    woman = citizen.sex != Sex.MALE
    return render(request, "consult/calculator_pension.html", {"asked": mine, "mine": mine, "woman": woman})


def _from_my_records(person) -> dict[str, str]:
    """What the signed-in citizen's records already say: years of contributions so far, the individual
    account's balance today, the statutory retirement age (a woman's post is not in her record: the
    worker's age, and the page says to check). The province's wage and the index are the citizen's."""
    today = timezone.localdate()
    months = records_selectors.pension_contribution_months(person)
    mine = {
        "years": str((Decimal(months) / 12).quantize(Decimal("0.01"))),
        "account_balance": f"{records_selectors.person_account(person, until=today).balance_at(today):.2f}",
    }
    if person.birth_date is not None:
        age = retirement_age(category_of(person), person.birth_date.year, person.birth_date.month)
        mine |= {"retire_age_years": str(age.age_years), "retire_age_months": str(age.age_months)}
    return mine


def unemployment(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "consult/calculator_unemployment.html",
        inputs.UNEMPLOYMENT_FIELDS,
        lambda values: calculators.unemployment_benefit(**values),
    )


def _month(text: str) -> date | None:
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def _change_context(request: HttpRequest, person) -> dict:
    """The person's payment months, the two compared (the last two by default, or ?from=&to=) and why the
    second differs from the first."""
    months = explain.months_from(records_selectors.payment_lines(person, start=None, end=None))
    choices = list(months)
    after = _month(request.GET.get("to", "")) or (choices[-1] if choices else None)
    before = _month(request.GET.get("from", "")) or (choices[-2] if len(choices) > 1 else None)
    context: dict = {"person": person, "choices": choices, "before": before, "after": after}
    if before in months and after in months:
        context["later"] = months[after]
        context["earlier"] = months[before]
        context["reasons"] = explain.explain(months[before], months[after])
        context["parts"] = [(PaymentPart(part).label, amount) for part, amount in months[after].paid.items()]
        context["difference"] = months[after].total - months[before].total
    return context


@citizen_required
def my_pension(request: HttpRequest) -> HttpResponse:
    """For a recipient, or a relative bound to act for them: the month's pension in parts and why it
    changed."""
    persons = acting_for(request.citizen)
    person = next((p for p in persons if str(p.pk) == request.GET.get("person")), persons[0])
    context = _change_context(request, person) | {"persons": persons, "staff_view": False}
    return render(request, "consult/pension_change.html", context)


@login_required
def staff_pension(request: HttpRequest, person_id: int) -> HttpResponse:
    """The same for staff answering a call: scoped like any read of the person's records, and audited."""
    person = records_selectors.person_for_records(person_id=person_id, user=request.user)
    log_action("people.person.viewed", actor=request.user, obj=person, data={"via": "pension change"})
    context = _change_context(request, person) | {"persons": [person], "staff_view": True}
    return render(request, "consult/pension_change.html", context)
