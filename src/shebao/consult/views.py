"""Citizen pages of the calculators: plain GET forms (they work without JavaScript and can be bookmarked),
every error shown at once beside its field; nothing is stored."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shebao.consult import calculators, inputs
from shebao.consult.api import pension_answer
from shebao.core.errors import ValidationFailed


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
    return _page(request, "consult/calculator_pension.html", inputs.PENSION_FIELDS, pension_answer)


def unemployment(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "consult/calculator_unemployment.html",
        inputs.UNEMPLOYMENT_FIELDS,
        lambda values: calculators.unemployment_benefit(**values),
    )
