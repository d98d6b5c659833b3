"""The REST API, /api/v1/. Errors always have one shape: {"error": {"code", "message", "fields"}}."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from shebao.cases.api import router as cases_router
from shebao.catalog.api import router as catalog_router
from shebao.core.api import router as core_router
from shebao.core.errors import ApplicationError
from shebao.hall.api import router as hall_router
from shebao.network.api import router as network_router
from shebao.people.api import router as people_router
from shebao.records.api import router as records_router

api = NinjaAPI(
    title="Shebao One-Window API",
    version="1",
    description='社保一窗通 REST API. Errors: {"error": {"code", "message", "fields"}}.',
    urls_namespace="api",
)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


@api.exception_handler(ApplicationError)
def on_application_error(request, exc: ApplicationError):
    return api.create_response(request, {"error": exc.as_dict()}, status=exc.status)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields = {
        ".".join(str(p) for p in err.get("loc", [])[1:]) or "body": err.get("msg", "") for err in exc.errors
    }
    body = error_body(
        "invalid", _("Some of the information is not valid. Please check the marked fields."), fields
    )
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, error_body("unauthenticated", _("Please sign in first.")), status=401)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if exc.status_code == 429:
        body = error_body("throttled", _("Too many requests. Please wait a minute and try again."))
    else:
        body = error_body("http_error", str(exc))
    return api.create_response(request, body, status=exc.status_code)


api.add_router("/", core_router)
api.add_router("/persons", people_router)
api.add_router("/catalog", catalog_router)
api.add_router("/", network_router)  # /outlets/..., /coverage, /siting
api.add_router("/hall", hall_router)
api.add_router("/cases", cases_router)
api.add_router("/records", records_router)
