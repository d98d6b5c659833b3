"""Hall settings, read from settings.SHEBAO with defaults (regions set their own deadlines and ages)."""

from datetime import timedelta

from django.conf import settings

from shebao.hall.policy import PolicyConfig, Priority


def _get(name: str, default):
    return getattr(settings, "SHEBAO", {}).get(name, default)


def policy_config(outlet=None) -> PolicyConfig:
    """The region's calling policy; with an outlet, its own age for elderly priority where it set one."""
    head = timedelta(minutes=_get("HALL_PRIORITY_HEAD_START_MINUTES", 30))
    age = getattr(outlet, "elderly_priority_age", None) or _get("HALL_ELDERLY_AGE", 60)
    return PolicyConfig(
        head_start={p.value: head for p in Priority if p is not Priority.ORDINARY},
        max_overtakes=_get("HALL_MAX_OVERTAKES", 5),
        elderly_age=age,
    )


def no_show_after_calls() -> int:
    """A teller may mark a ticket a no-show once it has been called this many times."""
    return _get("HALL_NO_SHOW_AFTER_CALLS", 3)


def follow_up_working_days() -> int:
    """RULES.md: every bad rating is followed up within a deadline set by the region (5-15 working days)."""
    return _get("HALL_FOLLOW_UP_WORKING_DAYS", 5)


def appointment_grace() -> timedelta:
    """An appointment checked in up to this long after its start still counts as on time."""
    return timedelta(minutes=_get("HALL_APPOINTMENT_GRACE_MINUTES", 15))


def booking_days_ahead() -> int:
    """Slots are offered (and generated) for this many calendar days from tomorrow."""
    return _get("HALL_BOOKING_DAYS_AHEAD", 7)


def max_open_bookings() -> int:
    """One phone may hold this many future bookings at once (so nobody hoards the slots)."""
    return _get("HALL_MAX_OPEN_BOOKINGS", 2)


def no_show_limit() -> int:
    """This many missed appointments within `no_show_window_days` restrict booking..."""
    return _get("HALL_NO_SHOW_LIMIT", 3)


def no_show_window_days() -> int:
    return _get("HALL_NO_SHOW_WINDOW_DAYS", 90)


def no_show_restriction_days() -> int:
    """...for this many days after the last one missed."""
    return _get("HALL_NO_SHOW_RESTRICTION_DAYS", 30)


def home_visit_requests_per_hour() -> int:
    """The public home-visit form, per client address."""
    return _get("HALL_HOME_VISIT_REQUESTS_PER_HOUR", 5)


def home_visit_photo_max_bytes() -> int:
    return _get("HALL_HOME_VISIT_PHOTO_MAX_BYTES", 5 * 1024 * 1024)


def recent_service_days() -> int:
    """Wait estimates use the service times of the last days, not only today's (the first visitor of
    the morning deserves an estimate from data too)."""
    return _get("HALL_RECENT_SERVICE_DAYS", 7)
