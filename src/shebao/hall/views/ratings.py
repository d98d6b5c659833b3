"""The rating form (好差评), shared by the pages that rate a ticket (the citizen's phone, the pad on the
counter), a home visit and a case (the link on its receipt and in its decision text); the case's page."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from shebao.core.errors import ApplicationError, Conflict
from shebao.hall import evaluations, selectors
from shebao.hall.models import Level, Reason


def rating_context(error: ApplicationError | None = None, posted: QueryDict | None = None) -> dict:
    return {
        "levels": Level.choices,
        "reasons": Reason.choices,
        "error": error,
        "posted": posted or {},
        "posted_reasons": posted.getlist("reasons") if posted else [],
        "bad_levels": [Level.DISSATISFIED, Level.VERY_DISSATISFIED],
    }


def submit_rating(request: HttpRequest, submit: Callable, token: str) -> ApplicationError | None:
    """Post the form to `submit` (a service of hall.evaluations); the refusal, if any, for the page."""
    try:
        level = int(request.POST.get("level", "0"))
    except ValueError:
        level = 0
    try:
        submit(
            token=token,
            level=level,
            reasons=request.POST.getlist("reasons"),
            comment=request.POST.get("comment", ""),
            phone=request.POST.get("phone", ""),
        )
    except ApplicationError as exc:
        return exc
    return None


def case_rate(request: HttpRequest, token: str) -> HttpResponse:
    """好差评 of a case accepted without a ticket: the form, or once rated the thanks and what came of a
    bad rating (the follow-up's outcome is shown here as on a ticket's page)."""
    case = selectors.case_by_rating_token(token)
    here = reverse("hall:case_rate", args=[token])
    error = None
    if request.method == "POST":
        error = submit_rating(request, evaluations.case_evaluation_submit, token)
        if error is None:
            return redirect(here)
    evaluation = getattr(case, "evaluation", None)
    refused = None
    if evaluation is None:
        try:
            evaluations.case_rateable(case)
        except Conflict as exc:
            refused = exc  # rated with its hall ticket: the reason instead of a form
    context = rating_context(error or refused, request.POST) | {
        "case": case,
        "evaluation": evaluation,
        "action": here,
        "refused": refused is not None,
    }
    shown = error or refused
    return render(request, "hall/case_rate.html", context, status=shown.status if shown else 200)
