"""The service hall: categories and windows of an outlet, tickets, evaluations (好差评) and follow-ups."""

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.models import Outlet, StaffProfile
from shebao.hall.policy import Priority
from shebao.hall.states import AppointmentState, FollowUpState, TicketState

PRIORITY_CHOICES = [
    (Priority.ORDINARY.value, _("Ordinary")),
    (Priority.ELDERLY.value, _("Elderly")),
    (Priority.DISABLED.value, _("Disabled")),
    (Priority.PREGNANT.value, _("Pregnant")),
    (Priority.VETERAN.value, _("Veteran")),
    (Priority.APPOINTMENT.value, _("Appointment on time")),
]


class ServiceCategory(models.Model):
    """A business category of an outlet's queue (e.g. 养老待遇, 参保登记); its prefix letters the tickets."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="hall_categories")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=60)
    prefix = models.CharField(
        _("ticket prefix"), max_length=1, validators=[RegexValidator(r"^[A-Z]$", _("One capital letter."))]
    )
    default_service_minutes = models.PositiveSmallIntegerField(_("usual service time (minutes)"), default=8)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["outlet", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["outlet", "code"], name="hall_category_code_once"),
            models.UniqueConstraint(fields=["outlet", "prefix"], name="hall_category_prefix_once"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"


class Window(models.Model):
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="hall_windows")
    number = models.PositiveSmallIntegerField(_("number"))
    categories = models.ManyToManyField(ServiceCategory, blank=True, related_name="windows")
    comprehensive = models.BooleanField(_("comprehensive window (serves every category)"), default=False)
    teller = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="hall_windows"
    )
    open = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        ordering = ["outlet", "number"]
        constraints = [models.UniqueConstraint(fields=["outlet", "number"], name="hall_window_number_once")]

    def __str__(self) -> str:
        return f"{self.outlet.code} #{self.number}"


class DailyCounter(models.Model):
    """The last number handed out per outlet, category and day; locked while a number is taken."""

    category = models.ForeignKey(ServiceCategory, on_delete=models.CASCADE)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["category", "day"], name="hall_counter_once")]

    def __str__(self) -> str:
        return f"{self.category} {self.day}: {self.last}"


class Channel(models.TextChoices):
    KIOSK = "kiosk", _("Kiosk")
    PHONE = "phone", _("Phone")
    GUIDE = "guide", _("Hall guide")
    APPOINTMENT = "appointment", _("Appointment")


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Ticket(models.Model):
    """A queue ticket (取号). `token` is the citizen's proof: the ticket page and the rating use it."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="hall_tickets")
    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, related_name="tickets")
    service_day = models.DateField()
    number = models.CharField(_("number"), max_length=8)
    priority = models.CharField(_("priority"), max_length=12, choices=PRIORITY_CHOICES, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    triage_note = models.CharField(_("triage note"), max_length=200, blank=True)
    state = models.CharField(max_length=12, choices=TicketState.choices, default=TicketState.WAITING)
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    taken_at = models.DateTimeField()
    called_at = models.DateTimeField(null=True, blank=True)
    serving_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    call_count = models.PositiveSmallIntegerField(default=0)
    passed_over = models.PositiveSmallIntegerField(default=0)
    window = models.ForeignKey(Window, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_window = models.ForeignKey(
        Window, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    served_by = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    transferred_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="successor"
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [models.Index(fields=["outlet", "service_day", "state"])]
        constraints = [
            # A transfer's successor reuses the number, so uniqueness is over first tickets only.
            models.UniqueConstraint(
                fields=["outlet", "service_day", "number"],
                condition=models.Q(transferred_from__isnull=True),
                name="hall_ticket_number_once_a_day",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=TicketState.values), name="hall_ticket_state_known"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Level(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    BASICALLY_SATISFIED = 3, _("Basically satisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


BAD_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})


class Reason(models.TextChoices):
    LONG_WAIT = "long_wait", _("Waited too long")
    ATTITUDE = "attitude", _("Unfriendly service")
    UNCLEAR = "unclear", _("Not told clearly what to do")
    MORE_TRIPS = "more_trips", _("Have to come again")
    NOT_HANDLED = "not_handled", _("My matter was not handled")
    OTHER = "other", _("Other")


class Evaluation(models.Model):
    """A rating of one service (好差评), at most one per ticket."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="evaluation")
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="hall_evaluations")
    window = models.ForeignKey(Window, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("rating"), choices=Level.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="hall_level_1_to_5")
        ]

    def __str__(self) -> str:
        return f"{self.ticket} {self.level}"

    @property
    def bad(self) -> bool:
        return self.level in BAD_LEVELS


class FollowUp(models.Model):
    """The follow-up of a bad rating: a manager verifies it, rectifies, and tells the citizen the outcome."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="follow_up")
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="hall_follow_ups")
    state = models.CharField(max_length=10, choices=FollowUpState.choices, default=FollowUpState.OPEN)
    due_on = models.DateField(_("due on"))
    finding = models.TextField(_("what was found"), blank=True)
    justified = models.BooleanField(_("the complaint was justified"), null=True)
    verified_by = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    rectification = models.TextField(_("what was done"), blank=True)
    outcome = models.TextField(_("message to the citizen"), blank=True)
    closed_by = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=FollowUpState.values), name="hall_follow_up_state_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} ({self.state})"


class AppointmentSlot(models.Model):
    """A bookable time slot of one category at one outlet, with a capacity (预约时段)."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="hall_slots")
    category = models.ForeignKey(ServiceCategory, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))

    class Meta:
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="hall_slot_ends_after_start"
            ),
            models.UniqueConstraint(fields=["category", "starts_at"], name="hall_slot_once"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.starts_at:%Y-%m-%d %H:%M}"


def new_booking_code() -> str:
    return secrets.token_hex(4).upper()


class Appointment(models.Model):
    """A booked visit (预约). The code is what the citizen shows or types at the kiosk to check in."""

    slot = models.ForeignKey(AppointmentSlot, on_delete=models.PROTECT, related_name="appointments")
    code = models.CharField(max_length=12, unique=True, default=new_booking_code, editable=False)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)  # for the reminder
    state = models.CharField(max_length=12, choices=AppointmentState.choices, default=AppointmentState.BOOKED)
    ticket = models.OneToOneField(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointment"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=AppointmentState.values), name="hall_appointment_state_known"
            )
        ]

    def __str__(self) -> str:
        return self.code
