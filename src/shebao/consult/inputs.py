"""Reading the calculators' inputs from a query string, for the API and the pages alike: every field
checked, every error collected and named (ValidationFailed.fields), numbers as Decimal."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from shebao.consult.calculators import OLDEST, YOUNGEST, OutOfTable, months_divisor
from shebao.core.errors import ValidationFailed

# name: (lowest, highest, required). Ranges a real case can have, so a typo is caught, not computed.
PENSION_FIELDS = {
    "avg_wage": (Decimal("0.01"), Decimal("1000000"), True),
    "contribution_index": (Decimal("0.6"), Decimal("3"), True),  # the base is 60%-300% of the average
    "years": (Decimal("0"), Decimal("60"), True),
    "account_balance": (Decimal("0"), Decimal("100000000"), True),
    "retire_age_years": (Decimal(YOUNGEST), Decimal(OLDEST), True),
    "retire_age_months": (Decimal("0"), Decimal("11"), False),
    "transitional": (Decimal("0"), Decimal("1000000"), False),
}
UNEMPLOYMENT_FIELDS = {
    "min_wage": (Decimal("0.01"), Decimal("100000"), True),
    "ratio": (Decimal("0.01"), Decimal("1"), True),
    "contribution_years": (Decimal("0"), Decimal("60"), True),
}
WHOLE = {"retire_age_years", "retire_age_months"}


def _number(name: str, text: str, low: Decimal, high: Decimal) -> Decimal:
    try:
        value = Decimal((text or "").strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationFailed(fields={name: _("Enter a number.")}) from None
    if not value.is_finite():
        raise ValidationFailed(fields={name: _("Enter a number.")})
    if name in WHOLE and value != value.to_integral_value():
        raise ValidationFailed(fields={name: _("Enter a whole number.")})
    if not low <= value <= high:
        message = _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}
        raise ValidationFailed(fields={name: message})
    return value


def read(params, fields: dict) -> dict[str, Decimal]:
    """The fields' values from `params` (a mapping of strings); raises one ValidationFailed naming all."""
    values, errors = {}, {}
    for name, (low, high, required) in fields.items():
        text = params.get(name, "") or ""
        if not str(text).strip():
            if required:
                errors[name] = _("This field is required.")
            continue
        try:
            values[name] = _number(name, str(text), low, high)
        except ValidationFailed as refused:
            errors.update(refused.fields)
    if not errors and "retire_age_years" in values:
        try:
            months_divisor(int(values["retire_age_years"]), int(values.get("retire_age_months", 0)))
        except OutOfTable:
            errors["retire_age_months"] = _("The table of months ends at 70 years.")
    if errors:
        raise ValidationFailed(fields=errors)
    return values
