"""Tables of the outlet network: opening hours, cooperation agreements, the population layer.

The Outlet itself lives in core (every app refers to it); what only the network needs lives here.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.models import Agency, Outlet, StaffProfile


class Day(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
    HOLIDAY = 7, _("Public holidays")


class OpeningHours(models.Model):
    """One session (e.g. Monday 09:00-12:00). A lunch break is the gap between two sessions; see
    network.hours for how sessions apply on holidays and make-up working days."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="opening_hours")
    day = models.PositiveSmallIntegerField(_("day"), choices=Day.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening session")
        verbose_name_plural = _("opening hours")
        ordering = ["outlet", "day", "opens"]
        indexes = [models.Index(fields=["outlet", "day"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_day_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class AgreementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class Agreement(models.Model):
    """A cooperation agreement (合作协议) under which a partner's branch acts as a service point.

    `scope_items` lists catalogue item codes (a JSON list, so the agreement survives catalogue edits and
    an item withdrawn from the catalogue simply stops matching). A cooperation point is on the map and its
    tellers may act only while its agreement is active and within its validity.
    """

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="agreements")
    number = models.CharField(_("agreement number"), max_length=40, unique=True)
    partner = models.CharField(_("partner"), max_length=120)
    scope_items = models.JSONField(_("items in scope"), default=list, blank=True)
    duties = models.TextField(_("duties"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    review_conditions = models.TextField(_("review conditions"), blank=True)
    exit_conditions = models.TextField(_("exit conditions"), blank=True)
    next_review = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("status reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["outlet", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="agreement_valid_period"
            ),
            # One agreement in force per point: a renewal ends or replaces the old one first.
            models.UniqueConstraint(
                fields=["outlet"], condition=models.Q(status="active"), name="one_active_agreement_per_outlet"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.partner}"

    def in_force(self, on) -> bool:
        return self.status == AgreementStatus.ACTIVE and self.valid_from <= on <= self.valid_until


class Step(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    CHECK = "check", _("Check materials")
    HAND_OVER = "hand_over", _("Hand over results")


class AgreementStaff(models.Model):
    """A partner employee authorised for one step under an agreement (受理/审核/反馈 授权)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="authorisations")
    staff = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="agreement_steps")
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)

    class Meta:
        verbose_name = _("authorised partner employee")
        verbose_name_plural = _("authorised partner employees")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "staff", "step"], name="agreement_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.get_step_display()}"


class Settlement(models.Model):
    """The population layer: a community or village with its people, for coverage and siting."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="settlements")
    population = models.PositiveIntegerField(_("population"))
    urban = models.BooleanField(_("urban"), default=False)
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        indexes = [models.Index(fields=["agency"])]

    def __str__(self) -> str:
        return self.name


class IndexVersion(models.Model):
    """A single counter bumped on every change that affects the map, so each process's in-memory
    nearest-outlet index knows when to rebuild (one indexed read per search, whatever the process)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="index_version_single_row")]

    def __str__(self) -> str:
        return f"network index v{self.version}"
