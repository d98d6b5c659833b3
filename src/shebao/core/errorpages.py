"""Every refusal is a page that says why and what to do next (issue 14), never a bare 400/403/404/500.

Domain errors raised in a view (core.middleware.ApplicationErrorMiddleware) and Django's own refusals
(the handler400/403/404/500 named in the root urls) render one template, core/error.html: the reason, a
plain next step for the status, and links on (back, home, the workbench for staff, sign-in for visitors).
Under /api/ the same refusals keep the API's one JSON error shape.

The page never shows the exception's own text for Django's refusals: it could name what was looked up,
and an object the actor may not see must answer exactly like one that does not exist (issue 12).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shebao.core.errors import ApplicationError, NotAllowed, NotFound, ValidationFailed

logger = logging.getLogger(__name__)

HEADINGS = {
    400: gettext_lazy("The request was not understood"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    500: gettext_lazy("Something went wrong on our side"),
}
NEXT_STEPS = {
    400: gettext_lazy("Go back, check what you entered and try again."),
    403: gettext_lazy(
        "Your role, your agency or your outlet does not allow this. If your work needs it, ask your manager."
    ),
    404: gettext_lazy(
        "The address may be mistyped, or the record was removed. Check the number, or start again from "
        "the home page."
    ),
    500: gettext_lazy(
        "The error was recorded. Please try again in a few minutes; if it happens again, call the "
        "hotline 12333."
    ),
}
NEXT_STEP_OTHERWISE = gettext_lazy("Go back, change what the message names and try again.")
SIGN_IN_FIRST = gettext_lazy("If you are a member of staff, sign in first.")


def _back(request: HttpRequest) -> str:
    """The page the person came from, when it is on this site (never an address someone else chose)."""
    referer = request.headers.get("referer", "")
    allowed = url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure())
    return referer if referer and allowed else ""


def error_page(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    status = error.status
    user = getattr(request, "user", None)
    anonymous = user is None or not user.is_authenticated
    context = {
        "error": error,
        "status": status,
        "heading": HEADINGS.get(status, _("Not possible")),
        "next_step": NEXT_STEPS.get(status, NEXT_STEP_OTHERWISE),
        "sign_in_first": SIGN_IN_FIRST if anonymous and status in (403, 404) else "",
        "anonymous": anonymous,
        "back": _back(request),
    }
    return render(request, "core/error.html", context, status=status)


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _answer(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    if _api(request):
        return JsonResponse({"error": error.as_dict()}, status=error.status)
    return error_page(request, error)


class _BadRequest(ValidationFailed):
    status = 400
    code = "bad_request"
    default_message = gettext_lazy("The request could not be read.")


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _answer(request, _BadRequest())


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _answer(request, NotAllowed())


class _FormExpired(NotAllowed):
    code = "csrf_failed"
    default_message = gettext_lazy(
        "This form has expired or was sent from another page. Reload the page and send it again."
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent with a missing or stale token (a page left open overnight)."""
    return _answer(request, _FormExpired())


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _answer(request, NotFound(_("There is no page at this address.")))


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: whatever broke (the database, a context processor) must
    not break the error page too. Plain text if even the template fails."""
    if _api(request):
        body = {"error": {"code": "server_error", "message": str(HEADINGS[500]), "fields": {}}}
        return JsonResponse(body, status=500)
    try:
        html = loader.get_template("core/server_error.html").render(
            {"heading": HEADINGS[500], "next_step": NEXT_STEPS[500], "status": 500}
        )
    except Exception:  # the last resort must not raise
        logger.exception("the error page itself failed")
        return HttpResponse(str(NEXT_STEPS[500]), status=500, content_type="text/plain; charset=utf-8")
    return HttpResponse(html, status=500)
