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
    }


def _calendar_known_until() -> int | None:
    if not workdays.calendar_outdated(timezone.localdate()):
        return None
    return workdays.known_years().stop - 1
