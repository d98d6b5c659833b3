"""The certification state machines, declared in one place (DESIGN.md). A recipient's cycle state is
derived from the due date and the payment status; recoveries and spot checks move by these steps only."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shebao.core.errors import InvalidTransition


class CycleState(models.TextChoices):
    CERTIFIED = "certified", _("Certified")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    SUSPENDED = "suspended", _("Payment suspended")
    STOPPED = "stopped", _("Payment stopped")


class Method(models.TextChoices):
    """How a certification was made (glossary: 刷脸认证 / 现场认证 / 上门认证 / 帮你认 / 静默认证)."""

    FACE = "face", _("Face check on a device")
    FINGERPRINT = "fingerprint", _("Fingerprint on a device")
    IN_PERSON = "in_person", _("In person at an outlet")
    HOME_VISIT = "home_visit", _("At home, by a visiting worker")
    RELATIVE = "relative", _("By a bound relative")
    SILENT = "silent", _("Silently, by comparing other departments' data")


DEVICE_METHODS = frozenset({Method.FACE, Method.FINGERPRINT})


class SpotCheck(models.TextChoices):
    NONE = "", _("Not sampled")
    PENDING = "pending", _("Waiting for a check")
    CONFIRMED = "confirmed", _("Confirmed by staff")
    REJECTED = "rejected", _("Rejected by staff")


class RecoveryState(models.TextChoices):
    OPEN = "open", pgettext_lazy("recovery state", "Open")
    REPAYING = "repaying", _("Being repaid in instalments")
    WRITE_OFF_PROPOSED = "write_off_proposed", _("Write-off proposed")
    REPAID = "repaid", _("Repaid")
    WRITTEN_OFF = "written_off", _("Written off")


RECOVERY_STEPS: dict[str, frozenset[str]] = {
    RecoveryState.OPEN: frozenset(
        {RecoveryState.REPAYING, RecoveryState.REPAID, RecoveryState.WRITE_OFF_PROPOSED}
    ),
    RecoveryState.REPAYING: frozenset(
        {RecoveryState.REPAYING, RecoveryState.REPAID, RecoveryState.WRITE_OFF_PROPOSED}
    ),
    # An approver other than the proposer decides: written off, or back to where it was.
    RecoveryState.WRITE_OFF_PROPOSED: frozenset(
        {RecoveryState.WRITTEN_OFF, RecoveryState.OPEN, RecoveryState.REPAYING}
    ),
    RecoveryState.REPAID: frozenset(),
    RecoveryState.WRITTEN_OFF: frozenset(),
}

SPOT_CHECK_STEPS: dict[str, frozenset[str]] = {
    SpotCheck.PENDING: frozenset({SpotCheck.CONFIRMED, SpotCheck.REJECTED}),
}


def check_step(steps: dict[str, frozenset[str]], current: str, target: str) -> None:
    if target not in steps.get(current, frozenset()):
        raise InvalidTransition(fields={"state": _("This step is not possible in the current state.")})
