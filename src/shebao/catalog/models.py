"""The service catalogue (码上办): items, their effective-dated guide versions, materials, bundles.

`ServiceItem` is the stable identity of one kind of service (code, names, category, who may apply,
risk, where it may be accepted). Everything a guide says that can change over time (legal basis,
conditions, steps, time limit, fee, forms, materials) lives in an `ItemVersion`. A change never edits a
version in force: it publishes a new one from a date, and the previous one ends that day. A case stores a
foreign key to the `ItemVersion` it was accepted under, so later changes never alter what it was told.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.models import OutletTier

SELF_SERVICE = "self_service"  # in outlet_tiers: kiosks and pension terminals may offer the item


class Category(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    CONTRIBUTIONS = "contributions", _("Contributions")
    RECORDS = "records", _("Records and certificates")
    PENSION = "pension", _("Pension benefits")
    SURVIVOR = "survivor", _("Death and survivor benefits")
    WORK_INJURY = "work_injury", _("Work-injury benefits")
    UNEMPLOYMENT = "unemployment", _("Unemployment benefits")
    TRANSFER = "transfer", _("Transfers between regions")
    CERTIFICATION = "certification", _("Eligibility certification")
    CARD = "card", _("Social security card")
    EMPLOYMENT = "employment", _("Employment and unemployment registration")


class Channel(models.TextChoices):
    WINDOW = "window", _("Service window")
    ONLINE = "online", _("Online")
    APP = "app", _("Mobile app")
    KIOSK = "kiosk", _("Self-service kiosk")
    COOPERATION = "cooperation", _("Bank, post office or village point")
    HOME_VISIT = "home_visit", _("Home visit")


class ApplicantType(models.TextChoices):
    PERSON = "person", _("Individual")
    EMPLOYER = "employer", _("Employer")


class Risk(models.TextChoices):
    LOW = "low", _("Low risk")
    HIGH = "high", _("High risk")


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("Original")
    COPY = "copy", _("Copy")
    ELECTRONIC = "electronic", _("Electronic")


class Requirement(models.TextChoices):
    REQUIRED = "required", _("Required")
    DEFERRABLE = "deferrable", _("May be supplied later")
    OPTIONAL = "optional", _("Optional")


TIER_CHOICES = [*OutletTier.choices, (SELF_SERVICE, _("Self-service terminal"))]


class ServiceItem(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_zh_hant = models.CharField(_("name (traditional Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    applicant_types = models.JSONField(_("applicant types"), default=list)
    proxy_allowed = models.BooleanField(_("a proxy may apply"), default=True)
    risk = models.CharField(_("risk level"), max_length=4, choices=Risk.choices, default=Risk.HIGH)
    instant = models.BooleanField(_("decided at the window"), default=False)
    channels = models.JSONField(_("channels"), default=list)
    # Read by network.items: the tiers (and "self_service") whose outlets may accept this item.
    outlet_tiers = models.JSONField(_("outlet tiers"), default=list, blank=True)
    keywords = models.CharField(_("search keywords"), max_length=300, blank=True)
    popularity = models.PositiveIntegerField(_("popularity"), default=0)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["code"]
        constraints = [
            # 即申即办 is only for low-risk items: a high-risk item always goes to the back office.
            models.CheckConstraint(
                condition=Q(instant=False) | Q(risk="low"), name="catalog_instant_is_low_risk"
            ),
            models.CheckConstraint(condition=Q(risk__in=["low", "high"]), name="catalog_item_risk_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def version_on(self, day: dt.date) -> ItemVersion | None:
        """The version in force on `day` (None before the first one)."""
        return self.versions.in_force_on(day).order_by("-effective_from").first()

    def current_version(self) -> ItemVersion | None:
        return self.version_on(timezone.localdate())


class ItemVersionQuerySet(models.QuerySet):
    def in_force_on(self, day: dt.date) -> ItemVersionQuerySet:
        return self.filter(effective_from__lte=day).filter(
            Q(effective_until__isnull=True) | Q(effective_until__gt=day)
        )


class ItemVersion(models.Model):
    """One effective-dated edition of an item's guide. Cases point here (`cases.Case.item_version`)."""

    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until (exclusive)"), null=True, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    steps = models.JSONField(_("process steps"), default=list)
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"), default=0)
    fee = models.DecimalField(_("fee (yuan)"), max_digits=8, decimal_places=2, default=0)
    forms = models.JSONField(_("forms"), default=list, blank=True)
    # The application form's fields (catalog.application_form): what the applicant fills in, online and at
    # the window alike, checked by the server. Part of the version: a case keeps the form it was filled on.
    form_fields = models.JSONField(_("application form"), default=list, blank=True)
    change_note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ItemVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="catalog_version_number_unique"),
            models.UniqueConstraint(fields=["item", "effective_from"], name="catalog_version_from_unique"),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True) | Q(effective_until__gt=models.F("effective_from")),
                name="catalog_version_dates_ordered",
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="catalog_version_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} v{self.number} ({self.effective_from})"

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day < self.effective_until)


class Material(models.Model):
    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField(default=0)
    # Identity across items: "resident_id_card" is the same document in every item, whatever it is called.
    key = models.CharField(_("material key"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    form = models.CharField(_("original or copy"), max_length=10, choices=MaterialForm.choices)
    count = models.PositiveSmallIntegerField(_("count"), default=1)
    requirement = models.CharField(_("requirement"), max_length=10, choices=Requirement.choices)
    defer_days = models.PositiveSmallIntegerField(_("supply within (working days)"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    example = models.CharField(_("example"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="catalog_material_once_per_version"),
            # A deferrable material needs a deadline; the others must not carry one.
            models.CheckConstraint(
                condition=(Q(requirement="deferrable") & Q(defer_days__gte=1))
                | (~Q(requirement="deferrable") & Q(defer_days__isnull=True)),
                name="catalog_material_defer_days",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="catalog_material_count_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_required(self) -> bool:
        return self.requirement == Requirement.REQUIRED


class Bundle(models.Model):
    """一件事一次办: a life event grouping several items under one set of materials."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_zh_hant = models.CharField(_("name (traditional Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    applicant_type = models.CharField(_("applicant type"), max_length=10, choices=ApplicantType.choices)
    # Wizard answers that lead here, e.g. "retiring", "death".
    life_events = models.JSONField(_("life events"), default=list, blank=True)
    items = models.ManyToManyField(ServiceItem, through="BundleItem", related_name="bundles")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("bundle")
        verbose_name_plural = _("bundles")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="members")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["bundle", "position"]
        constraints = [models.UniqueConstraint(fields=["bundle", "item"], name="catalog_bundle_item_once")]

    def __str__(self) -> str:
        return f"{self.bundle_id}:{self.item_id}"
