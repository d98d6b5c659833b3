"""Home visits (上门服务, seed 002): staff of the nearest suitable outlet visit a person who cannot come."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.models import Agency, Outlet, StaffProfile
from shebao.hall.states import HomeVisitState
from shebao.people.models import Person


class Need(models.TextChoices):
    CERTIFICATION = "certification", _("Benefit eligibility certification")
    PENSION = "pension", _("Pension application or change")
    RECORD = "record", _("Print of the insurance record")
    MEDICAL = "medical", _("Medical insurance matters")
    OTHER = "other", _("Something else")


class RequestChannel(models.TextChoices):
    PHONE_CALL = "phone_call", _("Phone call to staff")
    WINDOW = "window", _("A relative at a window")
    ONLINE = "online", _("Online form")


class Relation(models.TextChoices):
    SELF = "self", _("The person themself")
    RELATIVE = "relative", _("A relative")
    NEIGHBOUR = "neighbour", _("A neighbour or friend")
    COMMUNITY = "community", _("Community or village worker")


class Outcome(models.TextChoices):
    DONE = "done", _("Done: everything was handled")
    PARTLY = "partly", _("Partly done: more is needed")
    NOT_HOME = "not_home", _("Nobody was at home")
    DECLINED = "declined", _("The person did not want the service")


def new_visit_token() -> str:
    return secrets.token_urlsafe(16)


class HomeVisit(models.Model):
    """One request for a home visit, its assignment, the visit record and its closing."""

    token = models.CharField(max_length=32, unique=True, default=new_visit_token, editable=False)
    state = models.CharField(max_length=10, choices=HomeVisitState.choices, default=HomeVisitState.REQUESTED)
    # The person to visit. The document is validated (core.idcards) and shown masked.
    person_name = models.CharField(_("name"), max_length=50)
    doc_type = models.CharField(_("document type"), max_length=32)
    doc_number = models.CharField(_("document number"), max_length=32)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    phone = models.CharField(_("phone"), max_length=20)
    address = models.CharField(_("address"), max_length=200)
    district = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    need = models.CharField(_("what is needed"), max_length=20, choices=Need.choices)
    details = models.CharField(_("details"), max_length=500, blank=True)
    # Who asked, and how.
    channel = models.CharField(_("requested by"), max_length=12, choices=RequestChannel.choices)
    requester_relation = models.CharField(_("who is asking"), max_length=12, choices=Relation.choices)
    requester_name = models.CharField(_("name of the person asking"), max_length=50, blank=True)
    requester_phone = models.CharField(_("phone of the person asking"), max_length=20, blank=True)
    taken_by = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Assignment.
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="hall_home_visits"
    )
    assigned_to = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="hall_home_visits"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True)  # from the assigned outlet, when known
    # The visit record, filled in on a phone at the person's home.
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    work_done = models.TextField(_("what was done"), blank=True)
    materials = models.TextField(_("materials collected"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    photo = models.FileField(upload_to="hall/visits/%Y/%m/", blank=True)
    photo_type = models.CharField(max_length=20, blank=True)
    recorded_by = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    # Closing (or cancelling).
    closing_note = models.CharField(_("closing note"), max_length=500, blank=True)
    closed_by = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["outlet", "state"]), models.Index(fields=["assigned_to", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=HomeVisitState.values), name="hall_home_visit_state_known"
            ),
        ]

    def __str__(self) -> str:
        return f"HV{self.pk:06d}" if self.pk else "HV"

    @property
    def reference(self) -> str:
        return str(self)
