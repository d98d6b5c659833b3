"""The notify API, mounted by shebao.api at /api/v1/: the statutory retirement age (public)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from ninja import Router, Schema

from shebao.core.errors import ValidationFailed
from shebao.core.retirement import Category, retirement_age

router = Router(tags=["notify"])

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR = 1900, 2099


class RetirementAgeOut(Schema):
    age_years: int
    age_months: int
    retire_on: str
    original_age_years: int
    min_contribution_years: float
    earliest_on: str
    latest_on: str


def birth_param(value: str) -> tuple[int, int]:
    match = _MONTH.match(value or "")
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValidationFailed(fields={"birth": _("Write the month of birth as YYYY-MM (e.g. 1970-05).")})
    if not FIRST_BIRTH_YEAR <= int(match[1]) <= LAST_BIRTH_YEAR:
        outside = _("This year of birth is outside the years we can answer for.")
        raise ValidationFailed(fields={"birth": outside})
    return int(match[1]), int(match[2])


def category_param(value: str) -> Category:
    try:
        return Category(value)
    except ValueError:
        raise ValidationFailed(
            fields={"category": _("Choose male, female_cadre or female_worker.")}
        ) from None


@router.get("/retirement/age", response=RetirementAgeOut, auth=None)
def retirement_age_get(request, birth: str = "", category: str = ""):
    """The statutory retirement age of the 2024 reform for a month of birth and a category, with the
    minimum contribution years and the voluntary window (earliest, latest). 422 names a bad field."""
    errors: dict = {}
    parsed: dict = {}
    for name, parse, value in (("birth", birth_param, birth), ("category", category_param, category)):
        try:
            parsed[name] = parse(value)
        except ValidationFailed as exc:
            errors.update(exc.fields)
    if errors:
        raise ValidationFailed(fields=errors)
    year, month = parsed["birth"]
    return retirement_age(parsed["category"], year, month).as_dict()
