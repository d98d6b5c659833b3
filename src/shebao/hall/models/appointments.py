"""Appointments (预约): bookable slots of a category at an outlet, and the bookings in them."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.masking import mask_phone
from shebao.core.models import Outlet
from shebao.hall.models.queue import ServiceCategory, Ticket
from shebao.hall.states import AppointmentState


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
    # Normalised (core.messaging.normalise_phone): the reminder goes there, and no-shows are counted by it.
    phone = models.CharField(_("mobile phone"), max_length=20, db_index=True)
    language = models.CharField(max_length=10, blank=True)  # of the booking page, for the text messages
    state = models.CharField(max_length=12, choices=AppointmentState.choices, default=AppointmentState.BOOKED)
    ticket = models.OneToOneField(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointment"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["phone", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=AppointmentState.values), name="hall_appointment_state_known"
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)
