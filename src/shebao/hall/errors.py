"""The hall's own domain error: too many public requests from one client (the project's error shape)."""

import math
from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shebao.core.errors import ApplicationError


class Throttled(ApplicationError):
    code = "throttled"
    status = 429
    default_message = _("Too many requests. Please wait and try again, or call 12333.")

    @classmethod
    def waiting(cls, left: timedelta | None) -> "Throttled":
        """Refused for `left` more: the message says in how many minutes (rounded up), not "later"."""
        if left is None:
            return cls()
        minutes = max(1, math.ceil(left.total_seconds() / 60))
        message = ngettext(
            "Too many requests from here. Please try again in %(minutes)s minute, or call 12333.",
            "Too many requests from here. Please try again in %(minutes)s minutes, or call 12333.",
            minutes,
        )
        return cls(message % {"minutes": minutes})
