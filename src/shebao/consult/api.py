"""The consult API, mounted by shebao.api at /api/v1/: the calculators (public, nothing stored)."""

from decimal import Decimal

from ninja import Router, Schema

from shebao.consult import calculators, inputs

router = Router(tags=["consult"])


class PensionOut(Schema):
    basic: str
    account: str
    transitional: str
    total: str
    divisor: str


class UnemploymentOut(Schema):
    eligible: bool
    monthly_amount: str
    months: int
    reason: str = ""


def pension_answer(values: dict) -> calculators.PensionEstimate:
    return calculators.pension_estimate(
        avg_wage=values["avg_wage"],
        contribution_index=values["contribution_index"],
        years=values["years"],
        account_balance=values["account_balance"],
        retire_age_years=int(values["retire_age_years"]),
        retire_age_months=int(values.get("retire_age_months", 0)),
        transitional=values.get("transitional", Decimal("0")),
    )


@router.get(
    "/calculators/pension", response=PensionOut, auth=None, summary="Pension estimate (enterprise employees)"
)
def pension(
    request,
    avg_wage: str = "",
    contribution_index: str = "",
    years: str = "",
    account_balance: str = "",
    retire_age_years: str = "",
    retire_age_months: str = "",
    transitional: str = "",
):
    """basic = avg_wage × (1 + contribution_index) / 2 × years × 1%; account = account_balance / the months
    divisor for the age (国发〔2005〕38号, interpolated for months); decimal strings, rounded half up."""
    values = inputs.read(request.GET, inputs.PENSION_FIELDS)
    answer = pension_answer(values)
    return {k: str(getattr(answer, k)) for k in ("basic", "account", "transitional", "total", "divisor")}


@router.get(
    "/calculators/unemployment", response=UnemploymentOut, auth=None, summary="Unemployment benefit per month"
)
def unemployment(request, min_wage: str = "", ratio: str = "", contribution_years: str = ""):
    """monthly_amount = min_wage × ratio; months 12 / 18 / 24 by contribution years (失业保险条例 art. 17);
    under one year not eligible (reason "under_one_year")."""
    values = inputs.read(request.GET, inputs.UNEMPLOYMENT_FIELDS)
    answer = calculators.unemployment_benefit(**values)
    return {
        "eligible": answer.eligible,
        "monthly_amount": str(answer.monthly_amount),
        "months": answer.months,
        "reason": answer.reason,
    }
