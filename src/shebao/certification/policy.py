"""The certification cycle's settings (all overridable in settings.py as CERTIFICATION = {...}). The
defaults follow the practice the seeds describe: certified once a year, reminders from 60 days before the
due date, payment suspended only after a notice and a grace period."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class Policy:
    period_months: int = 12  # a certification holds this long
    due_soon_days: int = 60  # reminders from this many days before the due date
    grace_days: int = 30  # overdue this long (and noticed) before payment is suspended
    notice_days: int = 10  # the overdue notice goes out at least this long before a suspension
    nonce_seconds: int = 300  # an attestation must be signed within 5 minutes of its nonce
    clock_skew_seconds: int = 60  # a device clock a minute ahead is still believed
    score_threshold: Decimal = Decimal("0.80")  # the device's match score must reach this
    relative_sample_percent: int = 10  # share of relatives' certifications a person checks
    recovery_instalments_max: int = 24  # an overpayment may be repaid over at most 2 years


def policy() -> Policy:
    overrides = getattr(settings, "CERTIFICATION", {}) or {}
    base = Policy()
    if "score_threshold" in overrides:
        overrides = {**overrides, "score_threshold": Decimal(str(overrides["score_threshold"]))}
    return replace(base, **overrides)
