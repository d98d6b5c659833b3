"""The hall's own domain error: too many public requests from one client (the project's error shape)."""

from django.utils.translation import gettext_lazy as _

from shebao.core.errors import ApplicationError


class Throttled(ApplicationError):
    code = "throttled"
    status = 429
    default_message = _("Too many requests. Please wait and try again, or call 12333.")
