"""The REST API, /api/v1/. Errors always have one shape: {"error": {"code", "message", "fields"}}."""

import json
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.log import log_response
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from shebao.cases.api import router as cases_router
from shebao.catalog.api import router as catalog_router
from shebao.certification.api import router as certification_router
from shebao.consult.api import router as consult_router
from shebao.core.api import router as core_router
from shebao.core.errors import ApplicationError, NotAllowed, NotFound, ValidationFailed
from shebao.hall.api import router as hall_router
from shebao.network.api import router as network_router
from shebao.notify.api import router as notify_router
from shebao.people.api import router as people_router
from shebao.records.api import router as records_router
from shebao.records.certificates_api import router as certificates_router


class MalformedBody(ApplicationError):
    code = "malformed"
    status = 400


def _invalid_text(text: str) -> bool:
    """A lone surrogate (JSON may escape one, "\\ud800", but it is no character: UTF-8 refuses it) or a
    NUL (PostgreSQL refuses it in any text): neither can be stored, logged or even looked up."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return "\x00" in text


def _invalid_texts(value, path: tuple = ()) -> Iterator[tuple]:
    """The paths of the strings holding an invalid character (for a key: the object that has it)."""
    if isinstance(value, str):
        if _invalid_text(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _invalid_texts(key, path)
            yield from _invalid_texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _invalid_texts(item, (*path, index))


def _refuse_invalid_texts(paths) -> None:
    message = _("This text contains an invalid character.")
    bad = {".".join(str(p) for p in path) or "body": message for path in paths}
    if bad:
        raise ValidationFailed(fields=bad)


class BodyParser(Parser):
    """JSON bodies, checked once here for every endpoint. ninja turns any error of the parser into a 400
    (an HttpError caused by it); `on_http_error` gives ours back their own status and message."""

    def parse_body(self, request):
        try:
            data = json.loads(request.body)
        except ValueError as exc:  # JSONDecodeError, or bytes that are not UTF-8
            raise MalformedBody(_("The request body is not valid JSON.")) from exc
        _refuse_invalid_texts(_invalid_texts(data))
        return data


api = NinjaAPI(
    title="Shebao One-Window API",
    version="1",
    description='社保一窗通 REST API. Errors: {"error": {"code", "message", "fields"}}.',
    urls_namespace="api",
    parser=BodyParser(),
)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


@api.exception_handler(ApplicationError)
def on_application_error(request, exc: ApplicationError):
    return api.create_response(request, {"error": exc.as_dict()}, status=exc.status)


def _field_name(loc) -> str:
    """("query", "region") -> "region"; ("body", "payload", "proxy", "name") -> "proxy.name": a body's
    fields are named as the services name them, without ninja's name for the whole body."""
    loc = tuple(loc)
    inner = loc[2:] if loc[:1] == ("body",) else loc[1:]
    return ".".join(str(p) for p in inner) or "body"


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields = {_field_name(err.get("loc", ())): err.get("msg", "") for err in exc.errors}
    body = error_body(
        "invalid", _("Some of the information is not valid. Please check the marked fields."), fields
    )
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, error_body("unauthenticated", _("Please sign in first.")), status=401)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, ApplicationError):  # refused by our BodyParser
        return on_application_error(request, exc.__cause__)
    if exc.status_code == 429:
        body = error_body("throttled", _("Too many requests. Please wait a minute and try again."))
    else:
        body = error_body("http_error", str(exc))
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return on_application_error(request, NotFound())


@api.exception_handler(MultiPartParserError)
def on_unreadable_form(request, exc):
    # Reading request.POST (ninja's CSRF check does, for a signed-in caller) fails on a multipart body
    # without a boundary: the caller's mistake, not ours.
    return on_application_error(request, MalformedBody(_("The request body could not be read.")))


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request, exc):
    # Django answers these 400 on a page (too many fields, too big a body): the same here, logged as it does.
    response = on_application_error(request, MalformedBody(_("The request body could not be read.")))
    log_response("Bad Request: %s", request.path, response=response, request=request, exception=exc)
    return response


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return on_application_error(request, NotAllowed())


@api.exception_handler(Exception)
def on_unexpected(request, exc):
    """A bug: the caller gets the error shape with a generic message, never a traceback; the error is
    logged (and mailed to ADMINS) exactly as Django logs an uncaught exception on a page."""
    response = api.create_response(request, _shaped(500), status=500)
    log_response("Internal Server Error: %s", request.path, response=response, request=request, exception=exc)
    return response


class ErrorShapeMiddleware:
    """The errors answered before or around ninja's handlers: a URL under /api/ that no route matches
    (a path parameter that is not a number), a method the route does not take (ninja's bare 405), a
    failure in a middleware. Outermost in settings.MIDDLEWARE, so it sees every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            body = JsonResponse(_shaped(response.status_code), status=response.status_code)
            if response.has_header("Allow"):
                body["Allow"] = response["Allow"]
            return body
        return response


class TextCheckMiddleware:
    """The query string and the path of an API call hold no NUL (a body's texts are checked by BodyParser):
    refused once here, naming the parameter, before any view looks anything up with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            paths = [(key,) for key, values in request.GET.lists() if any(map(_invalid_text, [key, *values]))]
            if _invalid_text(request.path):
                paths.append(("path",))
            try:
                _refuse_invalid_texts(paths)
            except ValidationFailed as exc:
                return JsonResponse({"error": exc.as_dict()}, status=exc.status)
        return self.get_response(request)


def _shaped(status: int) -> dict:
    if status == 404:
        return error_body("not_found", str(NotFound.default_message))
    if status == 405:
        return error_body("method_not_allowed", _("This method is not allowed here."))
    if status >= 500:
        return error_body("server_error", _("Something went wrong on our side. Please try again later."))
    return error_body("error", str(ApplicationError.default_message))


api.add_router("/", core_router)
api.add_router("/persons", people_router)
api.add_router("/catalog", catalog_router)
api.add_router("/", network_router)  # /outlets/..., /coverage, /siting
api.add_router("/hall", hall_router)
api.add_router("/cases", cases_router)
api.add_router("/records", records_router)
api.add_router("/certificates", certificates_router)
api.add_router("/certification", certification_router)
api.add_router("/", notify_router)  # /retirement/age, /notices/...
api.add_router("/", consult_router)  # /consult/ask, /calculators/...
