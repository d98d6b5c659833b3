"""Citizens' side of people: one-time codes for sign-in and consent, and proxy bindings (亲情代办).

Imported at the end of people/models.py, so Django registers these models with the people app. Kept in
their own module so the person records above stay as they are.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shebao.people.models import Person


class CodePurpose(models.TextChoices):
    SIGN_IN = "sign_in", _("Sign-in")
    CONSENT = "consent", _("Consent to a proxy binding")


class OneTimeCode(models.Model):
    """A 6-digit code texted to a person's registered phone. Only a keyed hash is stored.

    A row is written for every request, also when the document number is unknown (person is then
    empty and nothing is sent): the answer and the work look the same either way, and the rate limits
    per number and per client count these rows, in the database so every server process sees them."""

    purpose = models.CharField(max_length=10, choices=CodePurpose.choices)
    number_digest = models.CharField(max_length=64, db_index=True)  # keyed hash of the typed number
    client = models.CharField(max_length=64, db_index=True)  # the requesting address
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # For a consent code: who asks to act for `person`, and as what.
    proxy = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    relation = models.CharField(max_length=10, blank=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    wrong_tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["number_digest", "created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} code {self.pk}"


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Son or daughter")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    RELATIVE = "relative", _("Other relative")
    HELPER = "helper", _("Helper or carer")


class ConsentMethod(models.TextChoices):
    TEXT = "text", _("Code sent to the person's phone")
    WINDOW = "window", _("In person at a window")


class ProxyBinding(models.Model):
    """亲情代办: `proxy` may act for `principal` (follow their cases, supplement materials, apply at a
    window as their bound proxy). One person acts for at most MAX_PRINCIPALS people at a time (seed
    002); ended bindings stay as history."""

    proxy = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="acts_for")
    # What the principal is to the proxy ("she is my mother": parent).
    principal = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="proxies")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    consent = models.CharField(_("consent"), max_length=10, choices=ConsentMethod.choices)
    # The teller who saw the principal consent at a window.
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("bound at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proxy binding")
        verbose_name_plural = _("proxy bindings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proxy", "principal"],
                condition=Q(ended_at__isnull=True),
                name="people_proxy_bound_once",
            ),
            models.CheckConstraint(condition=~Q(proxy=models.F("principal")), name="people_proxy_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.proxy} → {self.principal}"

    @property
    def active(self) -> bool:
        return self.ended_at is None
