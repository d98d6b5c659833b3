"""The rating form (好差评), shared by the pages that rate a ticket (the citizen's phone, the pad on the
counter) and the page that rates a home visit."""

from collections.abc import Callable

from django.http import HttpRequest, QueryDict

from shebao.core.errors import ApplicationError
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
