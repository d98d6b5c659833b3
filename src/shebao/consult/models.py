"""The knowledge base (问题库) and the questions it could not answer: consultation tickets that staff
answer, and the count of unanswered questions staff improve the base from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.models import Agency
from shebao.people.models import Person


class Topic(models.TextChoices):
    PENSION = "pension", _("Pension")
    RETIREMENT_AGE = "retirement_age", _("Retirement age")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    WORK_INJURY = "work_injury", _("Work injury")
    TRANSFER = "transfer", _("Transfers")
    CERTIFICATION = "certification", _("Eligibility certification")
    SURVIVORS = "survivors", _("Death and survivors")
    FLEXIBLE_WORK = "flexible_work", _("Flexible workers")
    EMPLOYER = "employer", _("Employers")
    RECORDS = "records", _("Records and proofs")
    CARD = "social_security_card", _("Social security card")
    HALL = "hall", _("The hall and appointments")
    HANDLING = "handling", _("Handling an item")
    GENERAL = "general", _("General")


class Origin(models.TextChoices):
    WRITTEN = "written", _("Written by staff")
    CATALOGUE = "catalogue", _("From the catalogue's guide")
    TICKET = "ticket", _("From an answered consultation")


class KnowledgePair(models.Model):
    """A question and its answer in plain words, the other ways people ask it, and where the answer comes
    from. Every save is a new version (KnowledgeVersion), kept for the record."""

    key = models.CharField(_("key"), max_length=80, unique=True)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices, db_index=True)
    question = models.CharField(_("question"), max_length=200)
    alternatives = models.JSONField(
        _("other ways of asking"), default=list, blank=True, help_text=_("One phrasing per entry.")
    )
    answer = models.TextField(_("answer"))
    sources = models.JSONField(
        _("sources"),
        default=list,
        blank=True,
        help_text=_("item:CODE for a catalogue item, page:NAME for a page, or the article of a law or rule."),
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.WRITTEN)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("knowledge base answer")
        verbose_name_plural = _("knowledge base answers")
        ordering = ["topic", "key"]

    def __str__(self) -> str:
        return self.question


class KnowledgeVersion(models.Model):
    """What a pair said at each version, and who saved it (insert only)."""

    pair = models.ForeignKey(KnowledgePair, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    saved_by = models.CharField(max_length=150, blank=True)
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "version"], name="consult_one_row_per_version")
        ]
        ordering = ["pair", "-version"]

    def __str__(self) -> str:
        return f"{self.pair_id} v{self.version}"


class TicketState(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")


class ConsultationTicket(models.Model):
    """A question the base could not answer surely, handed to a person: staff of the asker's home agency
    answer it within a working-day limit; the asker is told in the portal and by text."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consultations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    question = models.TextField(_("question"))
    offered = models.JSONField(default=list, blank=True)  # the keys of the answers the base offered
    state = models.CharField(max_length=10, choices=TicketState.choices, default=TicketState.OPEN)
    due_on = models.DateField(_("answer by"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    promoted = models.ForeignKey(
        KnowledgePair, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    idempotency_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "idempotency_key"], name="consult_ticket_once"),
        ]
        indexes = [models.Index(fields=["agency", "state", "due_on"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"ZX{self.created_at:%Y%m%d}{self.pk:05d}"


class UnansweredQuestion(models.Model):
    """A question (normalised) the base could not answer surely, and how often it was asked."""

    text = models.CharField(max_length=200, unique=True)
    example = models.CharField(max_length=200)  # as someone last typed it
    count = models.PositiveIntegerField(default=1)
    last_asked = models.DateTimeField()

    class Meta:
        ordering = ["-count", "-last_asked"]

    def __str__(self) -> str:
        return self.example
