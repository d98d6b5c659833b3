"""The one family of domain errors. Services raise them; one handler per interface turns them into
a localised message (pages) or a documented JSON error (API): {"error": {"code", "message", "fields"}}.
"""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    code = "error"
    status = 400
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, fields: dict | None = None, code: str | None = None):
        self.message = message if message is not None else self.default_message
        self.fields = fields or {}
        if code:
            self.code = code
        super().__init__(str(self.message))

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {name: str(msg) for name, msg in self.fields.items()},
        }


class ValidationFailed(ApplicationError):
    code = "invalid"
    status = 422
    default_message = _("Some of the information is not valid. Please check the marked fields.")


class NotAllowed(ApplicationError):
    code = "forbidden"
    status = 403
    default_message = _("You are not allowed to do this.")


class NotFound(ApplicationError):
    code = "not_found"
    status = 404
    default_message = _("Nothing was found.")


class Conflict(ApplicationError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with the current state. Please reload and try again.")


class InvalidTransition(Conflict):
    code = "invalid_transition"
    default_message = _("This step is not possible in the current state.")


class TooLarge(ApplicationError):
    code = "too_large"
    status = 413
    default_message = _("The request is too large. Please send smaller files, or fewer at a time.")
