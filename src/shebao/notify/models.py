"""Proactive notices: scenarios (data an administrator edits, every save a version), one notice per
person, scenario and period (a unique key: a re-run or two overlapping scans never send twice), and one
delivery per recipient and channel with its own state."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.models import Agency, TextMessage
from shebao.people.models import Employer, Person


class Trigger(models.TextChoices):
    EVENT = "event", _("An event from another app")
    SCAN = "scan", _("The daily scan")


class Audience(models.TextChoices):
    PERSON = "person", _("The person")
    RELATIVES = "relatives", _("Bound relatives")
    EMPLOYER = "employer", _("The employer")
    AGENCY = "agency", _("Home-agency staff")


class Channel(models.TextChoices):
    INBOX = "inbox", _("In-app inbox")
    SMS = "sms", _("Text message")
    EMAIL = "email", _("E-mail")


LANGUAGES = ("zh_hans", "zh_hant", "en")


class Scenario(models.Model):
    """What is told, to whom, when and how. `trigger_name` is an event name (cases.case.decided) or a
    daily scan's name (retirement_due). Templates name their variables in braces: {name}, {month}."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices)
    trigger_name = models.CharField(_("event or scan"), max_length=80, db_index=True)
    audience = models.JSONField(
        _("audience"), default=list, help_text=_("person, relatives, employer, agency")
    )
    channels = models.JSONField(_("channels"), default=list, help_text=_("inbox, sms, email"))
    fallback_channel = models.CharField(
        _("fallback channel"), max_length=10, choices=Channel.choices, default=Channel.INBOX, blank=True
    )
    variables = models.CharField(
        _("variables"), max_length=300, blank=True, help_text=_("Names, space-separated")
    )
    title_zh_hans = models.CharField(_("title (simplified Chinese)"), max_length=120)
    title_zh_hant = models.CharField(_("title (traditional Chinese)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120)
    body_zh_hans = models.TextField(_("text (simplified Chinese)"))
    body_zh_hant = models.TextField(_("text (traditional Chinese)"))
    body_en = models.TextField(_("text (English)"))
    lead_days = models.PositiveIntegerField(_("lead time in days"), default=0)
    legally_required = models.BooleanField(_("legally required"), default=False)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notice scenario")
        verbose_name_plural = _("notice scenarios")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class ScenarioVersion(models.Model):
    """Each saved state of a scenario, so a notice says which wording it was sent with."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    saved_by = models.CharField(max_length=150, blank=True)
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scenario", "version"], name="one_row_per_version")]

    def __str__(self) -> str:
        return f"{self.scenario_id} v{self.version}"


class NoticeState(models.TextChoices):
    CREATED = "created", _("Created")
    REFUSED = "refused", _("Not sent: a variable was missing")


class Notice(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="notices")
    scenario_version = models.PositiveIntegerField()
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notices")
    period = models.CharField(_("period"), max_length=60)
    data = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=NoticeState.choices, default=NoticeState.CREATED)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "person", "period"], name="one_notice_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.scenario.code} {self.period}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Handed to the gateway")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    OPTED_OUT = "opted_out", _("Opted out")


class Delivery(models.Model):
    """One notice to one recipient over one channel. A person's inbox, an employer's or an agency's."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    address = models.CharField(max_length=200, blank=True)  # the phone or e-mail address it went to
    language = models.CharField(max_length=10, default="zh_hans")
    title = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    text_message = models.ForeignKey(TextMessage, on_delete=models.SET_NULL, null=True, blank=True)
    is_fallback = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["person", "channel", "read_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.state}"


class OptOut(models.Model):
    """A person does not want a scenario (or, with no scenario, any notice) on a channel. Legally
    required notices go anyway."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notice_opt_outs")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "scenario", "channel"], name="one_opt_out_per_choice")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.channel}"


class Contact(models.Model):
    """Where a person wants e-mail (the person record has no e-mail address) and in which language."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="notice_contact")
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh_hans")

    def __str__(self) -> str:
        return str(self.person_id)
