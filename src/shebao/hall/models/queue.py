"""The queue of a hall: business categories, windows, the daily ticket counter, tickets, and the cases a
ticket led to."""

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.cases.models import Case
from shebao.core.models import Outlet, StaffProfile
from shebao.hall.policy import Priority
from shebao.hall.states import TicketState

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
    name_zh_hant = models.CharField(_("name (traditional Chinese)"), max_length=60, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    prefix = models.CharField(
        _("ticket prefix"), max_length=1, validators=[RegexValidator(r"^[A-Z]$", _("One capital letter."))]
    )
    default_service_minutes = models.PositiveSmallIntegerField(_("usual service time (minutes)"), default=8)
    active = models.BooleanField(_("active"), default=True)
    # Appointments (预约): slots of this length and capacity are generated over the outlet's opening hours.
    bookable = models.BooleanField(_("may be booked in advance"), default=True)
    slot_minutes = models.PositiveSmallIntegerField(
        _("length of a booking slot (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    slot_capacity = models.PositiveSmallIntegerField(
        _("bookings per slot"), default=2, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

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


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Window(models.Model):
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="hall_windows")
    number = models.PositiveSmallIntegerField(_("number"))
    categories = models.ManyToManyField(ServiceCategory, blank=True, related_name="windows")
    comprehensive = models.BooleanField(_("comprehensive window (serves every category)"), default=False)
    teller = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="hall_windows"
    )
    open = models.BooleanField(_("open"), default=True)
    # The rating pad on the counter opens /hall/pad/<pad_token>/: whoever knows the token may rate the
    # window's last service, so it is a secret of the device, not a number anyone can guess.
    pad_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)

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
    # The latest call, a recall included: the display puts it on top. `called_at` stays the first call,
    # which the waiting-time statistics measure.
    last_called_at = models.DateTimeField(null=True, blank=True)
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


class TicketCase(models.Model):
    """A case the teller accepted for the visitor of a ticket, so that a rating reaches the item handled.
    Found by itself when the ticket is finished (cases the teller accepted at this outlet while serving
    it), or linked by the teller by case number."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="case_links")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    found_automatically = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case of a ticket")
        verbose_name_plural = _("cases of tickets")
        constraints = [models.UniqueConstraint(fields=["ticket", "case"], name="hall_ticket_case_once")]

    def __str__(self) -> str:
        return f"{self.ticket} → {self.case_id}"
