"""Eligibility certification (待遇领取资格认证): the devices trusted to attest a face or fingerprint match,
the nonces they sign, each certification with its evidence, refusals, the per-recipient cycle, suspensions
(with back pay), deaths and the recovery of what was paid after them, and silent-comparison runs."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shebao.certification.states import Method, RecoveryState, SpotCheck
from shebao.core.models import Outlet, StaffProfile
from shebao.hall.models import HomeVisit
from shebao.people.models import Person, Recipient

MONEY = {"max_digits": 12, "decimal_places": 2}


class DeviceKind(models.TextChoices):
    PHONE_APP = "phone_app", _("Citizen's phone app")
    KIOSK = "kiosk", _("Self-service kiosk in a hall")
    HANDHELD = "handheld", _("Handheld terminal (postman, village worker)")


class KeyAlgorithm(models.TextChoices):
    SM2 = "sm2", _("SM2 (national algorithm)")
    ED25519 = "ed25519", _("Ed25519")


class DeviceState(models.TextChoices):
    ACTIVE = "active", _("In use")
    REVOKED = "revoked", _("Revoked")


class Device(models.Model):
    """A device whose signature the platform believes: the match happens on it, the platform checks the
    signature. Only the public key is kept, in base64: SM2's 65-byte point or Ed25519's 32 bytes (keys.py)."""

    code = models.CharField(_("device id"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=DeviceKind.choices)
    algorithm = models.CharField(
        _("signature algorithm"), max_length=8, choices=KeyAlgorithm.choices, default=KeyAlgorithm.ED25519
    )
    public_key = models.CharField(_("public key (base64)"), max_length=100)
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("outlet")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DeviceState.choices, default=DeviceState.ACTIVE
    )
    registered_by = models.ForeignKey(StaffProfile, on_delete=models.PROTECT, null=True, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("certification device")
        verbose_name_plural = _("certification devices")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


class Nonce(models.Model):
    """A one-time value the platform hands a device; an attestation must carry it, once, within minutes."""

    value = models.CharField(max_length=40, unique=True, default=new_nonce)
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="+")
    issued_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["issued_at"])]

    def __str__(self) -> str:
        return self.value[:8]


class Refusal(models.Model):
    """An attestation the platform did not believe, with why: every refusal is kept for staff to see."""

    at = models.DateTimeField(auto_now_add=True)
    device_code = models.CharField(max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=30)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    recipient = models.ForeignKey(
        Recipient, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("refused attestation")
        verbose_name_plural = _("refused attestations")
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.reason


class SilentRun(models.Model):
    """One silent comparison over a set of evidence files. The files' hashes (and the run day) are its
    key: the same files again find this run, and what it applied is not applied twice."""

    key = models.CharField(max_length=64, unique=True)
    engine = models.CharField(_("engine"), max_length=10)
    until = models.DateField(_("evidence up to"))
    files = models.JSONField(_("files"), default=list)
    state = models.CharField(_("state"), max_length=10, default="running")
    report = models.JSONField(_("report"), default=dict)
    applied_upto = models.BigIntegerField(default=0)  # the last recipient id written back (resume point)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("silent certification run")
        verbose_name_plural = _("silent certification runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"SR{self.pk}"


class Certification(models.Model):
    """One certification of one recipient, with what proves it: a device's signed attestation, a staff
    member at an outlet or at home, or the other department's record a silent run found."""

    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="certifications")
    certified_on = models.DateField(_("certified on"))
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    device = models.ForeignKey(Device, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    nonce = models.CharField(max_length=40, null=True, blank=True, unique=True)
    score = models.DecimalField(_("match score"), max_digits=5, decimal_places=4, null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    staff = models.ForeignKey(StaffProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    relative = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("relative")
    )
    recipient_photo = models.FileField(upload_to="certification/%Y/%m/", blank=True)
    home_visit = models.ForeignKey(
        HomeVisit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    run = models.ForeignKey(SilentRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    evidence_source = models.CharField(_("evidence source"), max_length=60, blank=True)
    evidence_date = models.DateField(_("evidence date"), null=True, blank=True)
    evidence_file = models.CharField(_("evidence file"), max_length=255, blank=True)
    attestation = models.JSONField(default=dict, blank=True)  # the signed statement, kept as evidence
    signature = models.CharField(max_length=100, blank=True)
    spot_check = models.CharField(
        _("spot check"), max_length=10, choices=SpotCheck.choices, default=SpotCheck.NONE, blank=True
    )
    spot_checked_by = models.ForeignKey(
        StaffProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    spot_check_note = models.CharField(_("spot check note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["-certified_on", "-pk"]
        indexes = [models.Index(fields=["recipient", "certified_on"]), models.Index(fields=["spot_check"])]
        constraints = [
            # A silent run certifies a recipient once, however often it is re-run or resumed.
            models.UniqueConstraint(fields=["recipient", "run"], name="certification_once_per_run"),
            models.CheckConstraint(condition=Q(method__in=Method.values), name="certification_method_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.certified_on}"


class Cycle(models.Model):
    """Where a recipient is in the yearly cycle beyond the due date (kept on Recipient): when they were
    last certified, and when the overdue notice went out (a suspension needs one first)."""

    recipient = models.OneToOneField(Recipient, on_delete=models.CASCADE, related_name="cycle")
    last_certified_on = models.DateField(null=True, blank=True)
    last_method = models.CharField(max_length=12, choices=Method.choices, blank=True)
    overdue_noticed_on = models.DateField(null=True, blank=True)
    # Where the recipient lives, when located (demo data, a home visit's record): the overdue list of an
    # outlet puts the nearest first.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.recipient_id}"


class Suspension(models.Model):
    """Payment held from `from_month` until a certification resumes it; the held months then become one
    back-pay line."""

    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="suspensions")
    from_month = models.DateField(_("held from"))
    reason = models.CharField(_("reason"), max_length=200)
    suspended_at = models.DateTimeField(auto_now_add=True)
    resumed_at = models.DateTimeField(null=True, blank=True)
    resume_month = models.DateField(null=True, blank=True)
    back_pay = models.DecimalField(_("back pay (yuan)"), **MONEY, null=True, blank=True)
    back_pay_months = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-suspended_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient"], condition=Q(resumed_at__isnull=True), name="one_open_suspension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.from_month:%Y-%m}"


class DeathSource(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs (cremation or death registration)")
    PUBLIC_SECURITY = "public_security", _("Public security (household register)")
    HOSPITAL = "hospital", _("Hospital (medical death certificate)")


class Death(models.Model):
    """Evidence of a recipient's death: payment stops at once. Only evidence from these sources counts: a
    person who is merely missing is never treated as dead."""

    recipient = models.OneToOneField(Recipient, on_delete=models.PROTECT, related_name="death")
    died_on = models.DateField(_("date of death"))
    source = models.CharField(_("source"), max_length=20, choices=DeathSource.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        StaffProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    run = models.ForeignKey(SilentRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("death record")
        verbose_name_plural = _("death records")

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.died_on}"


class Recovery(models.Model):
    """Recovery of the benefit paid for months after the death (死亡冒领 / 多发待遇追回): the amount, the
    family's letter, repayments in instalments; a write-off needs a proposer and a different approver."""

    death = models.OneToOneField(Death, on_delete=models.PROTECT, related_name="recovery")
    months = models.JSONField(_("months paid after the death"), default=list)  # ["2026-06", ...]
    amount = models.DecimalField(_("amount to recover (yuan)"), **MONEY)
    repaid = models.DecimalField(_("repaid (yuan)"), **MONEY, default=0)
    instalments = models.PositiveSmallIntegerField(_("instalments"), default=1)
    state = models.CharField(
        _("state"), max_length=20, choices=RecoveryState.choices, default=RecoveryState.OPEN
    )
    state_before_proposal = models.CharField(max_length=20, blank=True)
    write_off_reason = models.CharField(_("reason for writing off"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        StaffProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        StaffProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("overpayment recovery")
        verbose_name_plural = _("overpayment recoveries")
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=RecoveryState.values), name="recovery_state_known"),
            models.CheckConstraint(condition=Q(repaid__lte=models.F("amount")), name="recovery_not_overpaid"),
            models.CheckConstraint(
                condition=~Q(state=RecoveryState.WRITTEN_OFF) | ~Q(approved_by=models.F("proposed_by")),
                name="recovery_write_off_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"RC{self.pk}"

    @property
    def balance(self):
        return self.amount - self.repaid


class Repayment(models.Model):
    recovery = models.ForeignKey(Recovery, on_delete=models.PROTECT, related_name="repayments")
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(StaffProfile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_positive")]

    def __str__(self) -> str:
        return f"{self.amount}"
