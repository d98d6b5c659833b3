"""Cases (办件): one application of one item by one applicant, from acceptance to delivery.

A submission at a window (one item, or a bundle of several) is a `Submission`, unique per submitting user
and idempotency key, so a retried request finds the first one. It holds one `Case` per item. A case keeps
the `ItemVersion` and the `ReviewFlow` it started with: a later edition of either never changes it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shebao.cases.states import CaseState, MaterialStatus, StepState
from shebao.catalog.models import Bundle, ItemVersion, ServiceItem
from shebao.core.masking import mask_id
from shebao.core.models import Agency, Outlet, Role
from shebao.people.models import Employer, Person

STEP_ROLES = [(r.value, r.label) for r in (Role.REVIEWER, Role.APPROVER, Role.AUDITOR)]


class ReviewFlow(models.Model):
    """The back-office steps of one item, as data (openIMIS tasks_management, OpenSPP spp_approval).
    Versioned: changing a flow adds a version; cases in review keep the one they started with."""

    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="review_flows")
    version = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review flow")
        verbose_name_plural = _("review flows")
        ordering = ["item", "version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="cases_flow_version_once")]

    def __str__(self) -> str:
        return f"{self.item.code} flow v{self.version}"


class FlowStep(models.Model):
    flow = models.ForeignKey(ReviewFlow, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    role = models.CharField(_("role"), max_length=10, choices=STEP_ROLES)
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        verbose_name = _("flow step")
        verbose_name_plural = _("flow steps")
        ordering = ["flow", "position"]
        constraints = [
            models.UniqueConstraint(fields=["flow", "position"], name="cases_flow_step_position_once"),
            models.CheckConstraint(
                condition=Q(role__in=[r for r, _label in STEP_ROLES]), name="cases_flow_step_back_office"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class Submission(models.Model):
    """What one request at a window (or one API call) created. The unique key makes a retry, even a
    concurrent one, find the first submission instead of making a second."""

    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(_("idempotency key"), max_length=100)
    # sha256 of what was asked: the same key with different content is refused, not silently merged.
    fingerprint = models.CharField(max_length=64)
    bundle = models.ForeignKey(Bundle, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"], name="cases_submission_key_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"submission {self.pk}"


class ProxyBasis(models.TextChoices):
    BINDING = "binding", _("Bound proxy (family or helper)")
    LETTER = "letter", _("Letter of authorisation")


class DeliveryMethod(models.TextChoices):
    WINDOW = "window", _("Pick up at a window")
    MAIL = "mail", _("By mail")
    ELECTRONIC = "electronic", _("Electronic")


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=30, unique=True)
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="cases")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    # The employer (参保单位) that applied for its employee `person`; its handling staff (经办人) are
    # recorded as the proxy. Blank when the person applied.
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("employer"),
    )
    item_version = models.ForeignKey(ItemVersion, on_delete=models.PROTECT, related_name="cases")
    # The answers on the item's application form (catalog.application_form), checked at intake.
    form_data = models.JSONField(_("application form"), default=dict, blank=True)
    flow = models.ForeignKey(ReviewFlow, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Who acted for the applicant, and on what basis (a bound proxy or a letter of authorisation).
    proxy_name = models.CharField(_("proxy"), max_length=100, blank=True)
    proxy_doc_type = models.CharField(_("proxy document type"), max_length=32, blank=True)
    proxy_doc_number = models.CharField(_("proxy document number"), max_length=32, blank=True)
    proxy_basis = models.CharField(_("proxy basis"), max_length=10, choices=ProxyBasis.choices, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="cases")
    home_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cases")
    state = models.CharField(_("state"), max_length=12, choices=CaseState.choices, default=CaseState.ACCEPTED)
    accepted_at = models.DateTimeField(_("accepted at"))
    accepted_on = models.DateField(_("accepted on"))
    deadline = models.DateField(_("time limit"))
    # What the time limit was counted from, and how many working days: a limit counted provisionally
    # into a year whose holidays were not yet announced is counted again from these when they are.
    deadline_from = models.DateField(null=True, blank=True)
    deadline_days = models.PositiveSmallIntegerField(null=True, blank=True)
    deficiency_due = models.DateField(_("missing material due"), null=True, blank=True)
    # Working days left when the clock stopped for a return; the clock restarts with them.
    paused_days = models.PositiveSmallIntegerField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    delivery_method = models.CharField(
        _("delivery"), max_length=10, choices=DeliveryMethod.choices, default=DeliveryMethod.WINDOW
    )
    delivery_outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Mail delivery: where to (chosen by the applicant) and the postal tracking number (set on dispatch).
    delivery_address = models.CharField(_("delivery address"), max_length=200, blank=True)
    mail_tracking_number = models.CharField(_("mail tracking number"), max_length=40, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-accepted_at"]
        indexes = [
            models.Index(fields=["home_agency", "state"]),
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["outlet", "accepted_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=CaseState.values), name="cases_case_state_valid"),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("accepted_on")), name="cases_deadline"),
            models.CheckConstraint(condition=Q(proxy_basis="") | ~Q(proxy_name=""), name="cases_proxy_named"),
            models.CheckConstraint(
                condition=~Q(delivery_method="mail") | ~Q(delivery_address=""), name="cases_mail_has_address"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def start_clock(self, day, working_days: int) -> None:
        """The time limit counted from `day`, kept with what it was counted from (cases.deadlines counts it
        again from these when a year's holidays are announced)."""
        from shebao.cases import clock

        self.deadline_from, self.deadline_days = day, working_days
        self.deadline = clock.add_working_days(day, working_days)

    @property
    def item(self) -> ServiceItem:
        return self.item_version.item

    @property
    def masked_proxy_doc(self) -> str:
        return mask_id(self.proxy_doc_number)


class CaseCounter(models.Model):
    """The last sequence number given per home agency and day (the tail of the case number)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="cases_counter_once")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.day}: {self.last}"


class CaseMaterial(models.Model):
    """One material of the case's checklist (from its item version) and where it stands."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(max_length=60)
    name = models.CharField(_("name"), max_length=120)
    requirement = models.CharField(_("requirement"), max_length=10)
    status = models.CharField(_("status"), max_length=12, choices=MaterialStatus.choices)
    due = models.DateField(_("due"), null=True, blank=True)
    due_from = models.DateField(null=True, blank=True)  # as Case.deadline_from
    due_days = models.PositiveSmallIntegerField(null=True, blank=True)
    supplied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="cases_material_once"),
            models.CheckConstraint(
                condition=~Q(status__in=["deferred", "requested"]) | Q(due__isnull=False),
                name="cases_outstanding_material_has_due_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CaseScan(models.Model):
    """A scanned material (PDF, JPEG or PNG, checked by content)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="scans")
    material_key = models.CharField(max_length=60)
    file = models.FileField(upload_to="cases/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.material_key} ({self.content_type})"


class CaseStep(models.Model):
    """One back-office step of one case. `claimed_by` stays set once decided, so the unique constraint
    below makes the database itself refuse one person holding two steps of a case (岗位互斥)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=10, choices=STEP_ROLES)
    name = models.CharField(max_length=40)
    state = models.CharField(max_length=10, choices=StepState.choices, default=StepState.OPEN)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="cases_step_position_once"),
            models.UniqueConstraint(
                fields=["case", "claimed_by"],
                condition=Q(claimed_by__isnull=False),
                name="cases_one_step_per_person",
            ),
            models.CheckConstraint(
                condition=Q(state="open") | Q(claimed_by__isnull=False), name="cases_step_held_by_someone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.position} {self.name}"


class AppendOnly(Exception):
    pass


class CaseEvent(models.Model):
    """The insert-only history of a case: every transition and decision, who, when and why. What the
    citizen's tracking page shows; the audit log keeps the tamper-evident copy."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A citizen who acted online (the applicant, or a bound proxy for them): not a staff user.
    citizen = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=30)
    step_position = models.PositiveSmallIntegerField(null=True, blank=True)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("case events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("case events are never removed")

    @property
    def label(self) -> str:
        from shebao.cases.states import ACTION_LABELS

        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def to_state_label(self) -> str:
        return str(CaseState(self.to_state).label) if self.to_state in CaseState.values else ""


class OnlineState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for acceptance")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned: something is missing")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OnlineApplication(models.Model):
    """An application made online by a citizen (网上申请), for themself or for someone they are bound to
    act for. It is not a case yet: a teller of the home agency's hall checks the uploaded materials and
    accepts it (受理, the case starts and its time limit runs) or returns it with everything that is
    missing at once. So online applications keep acceptance and decision apart like any window."""

    reference = models.CharField(_("application number"), max_length=20, unique=True, null=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="online_applications")
    # The signed-in citizen who applied: the person, or a bound proxy for them (亲情代办).
    applied_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+")
    item_version = models.ForeignKey(ItemVersion, on_delete=models.PROTECT, related_name="+")
    home_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=10, choices=OnlineState.choices, default=OnlineState.SUBMITTED
    )
    idempotency_key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    form_data = models.JSONField(_("application form"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    # The teller's first check (预审) is due by this day: an online application has a deadline too.
    check_due = models.DateField(_("first check due"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Returned: the reason, and the names of every material that is missing or unusable.
    reason = models.TextField(_("reason"), blank=True)
    missing = models.JSONField(default=list, blank=True)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="online")

    class Meta:
        verbose_name = _("online application")
        verbose_name_plural = _("online applications")
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["home_agency", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["applied_by", "idempotency_key"], name="cases_online_key_once_per_citizen"
            ),
            # One application of an item per person waits at a time: a second tap is not a second case.
            models.UniqueConstraint(
                fields=["person", "item"],
                condition=Q(state="submitted"),
                name="cases_online_one_waiting_per_item",
            ),
            models.CheckConstraint(
                condition=Q(state__in=OnlineState.values), name="cases_online_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="accepted") | Q(case__isnull=False), name="cases_online_accepted_has_case"
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"online {self.pk}"


class OnlineScan(models.Model):
    """A picture of a material the citizen uploaded with an online application (PDF, JPEG or PNG, checked
    by content); a material may have several (a card's front and back)."""

    application = models.ForeignKey(OnlineApplication, on_delete=models.CASCADE, related_name="scans")
    material_key = models.CharField(max_length=60)
    file = models.FileField(upload_to="online/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.material_key} ({self.content_type})"
