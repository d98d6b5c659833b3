from django.conf import settings
from django.utils import timezone

from shebao.core import workdays
from shebao.core.permissions import staff_of


def shell(request) -> dict:
    """What the base template needs on every page: the staff profile and the large-type preference."""
    staff = staff_of(getattr(request, "user", None))
    return {
        "staff": staff,
        "elder_mode": getattr(request, "elder_mode", False),
        # Staff must see it before a time limit is refused at the window (RULES.md: fail loudly, visibly).
        "calendar_outdated_until": _calendar_known_until() if staff is not None else None,
        "signin_policy": signin_policy(),
    }


def signin_policy() -> dict:
    """What the sign-in and lock-out pages tell people, from the settings that enforce it."""
    return {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
    }


def _calendar_known_until() -> int | None:
    if not workdays.calendar_outdated(timezone.localdate()):
        return None
    return workdays.known_until()
