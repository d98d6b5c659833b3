"""Hall settings, read from settings.SHEBAO with defaults (regions set their own deadlines and ages)."""

from datetime import timedelta

from django.conf import settings

from shebao.hall.policy import PolicyConfig, Priority


def _get(name: str, default):
    return getattr(settings, "SHEBAO", {}).get(name, default)


def policy_config() -> PolicyConfig:
    head = timedelta(minutes=_get("HALL_PRIORITY_HEAD_START_MINUTES", 30))
    return PolicyConfig(
        head_start={p.value: head for p in Priority if p is not Priority.ORDINARY},
        max_overtakes=_get("HALL_MAX_OVERTAKES", 5),
        elderly_age=_get("HALL_ELDERLY_AGE", 70),
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
