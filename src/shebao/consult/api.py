"""The consult API, mounted by shebao.api at /api/v1/: the calculators (public, nothing stored) and the
knowledge base's answers (public; a question it cannot answer surely is counted for staff)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema

from shebao.consult import calculators, inputs, selectors, services
from shebao.core.errors import ValidationFailed

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


class LinkOut(Schema):
    kind: str
    label: str
    url: str


class AnswerOut(Schema):
    id: str
    question: str
    answer: str
    score: float
    links: list[LinkOut]


class AskOut(Schema):
    answers: list[AnswerOut]
    confident: bool


def answers_out(answers: list[selectors.Answer], confident: bool) -> dict:
    return {
        "answers": [
            {
                "id": a.pair.key,
                "question": a.pair.question,
                "answer": a.pair.answer,
                "score": round(a.score, 3),
                "links": [{"kind": link.kind, "label": str(link.label), "url": link.url} for link in a.links],
            }
            for a in answers
        ],
        "confident": confident,
    }


@router.get("/consult/ask", response=AskOut, auth=None, summary="Ask the knowledge base")
def ask(request, q: str = "", limit: str = "3", lat: str = "", lng: str = ""):
    """Ranked answers, best first (limit 1 to 10); `confident` is false when the best answer is not
    sure enough: offer the asker a person (the portal's hand-over). lat/lng (WGS-84, optional) add the
    nearest outlet that handles the answer's item."""
    question = services.question_check(q)
    if not limit.isdigit() or not 1 <= int(limit) <= selectors.LIMIT_MAX:
        raise ValidationFailed(
            fields={"limit": _("Ask for 1 to %(n)d answers.") % {"n": selectors.LIMIT_MAX}}
        )
    _asked, answers, confident = services.question_ask(
        question=question, limit=int(limit), lat=lat or None, lng=lng or None
    )
    return answers_out(answers, confident)
