"""Appointments (预约): booking a slot within its capacity on a working day, cancelling, checking in
(which takes a ticket, with the appointment priority when on time), and marking no-shows."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotFound, ValidationFailed
from shebao.core.workdays import CalendarUnknownYear, is_working_day
from shebao.hall import conf
from shebao.hall.models import Appointment, AppointmentSlot, Channel
from shebao.hall.policy import Priority
from shebao.hall.services import _create_ticket
from shebao.hall.states import APPOINTMENT_STEPS, AppointmentState, check_step

# Checking in earlier than this before the slot gives an ordinary ticket: an appointment is a promise
# of a time, not a way past the queue for the whole morning.
EARLIEST_ON_TIME = timedelta(minutes=30)


def appointment_book(*, slot: AppointmentSlot, phone: str = "", now: datetime | None = None) -> Appointment:
    now = now or timezone.now()
    day = timezone.localdate(slot.starts_at)
    try:
        working = is_working_day(day)
    except CalendarUnknownYear:
        working = False  # a slot on a day whose holidays are not yet published cannot be promised
    if not working:
        raise ValidationFailed(fields={"slot": _("Appointments are on working days only.")})
    with transaction.atomic():
        slot = AppointmentSlot.objects.select_for_update().get(pk=slot.pk)  # bookings of one slot queue here
        if slot.starts_at <= now:
            raise Conflict(_("This time has passed. Please choose a later one."), code="slot_passed")
        booked = slot.appointments.exclude(state=AppointmentState.CANCELLED).count()
        if booked >= slot.capacity:
            raise Conflict(_("This time is fully booked. Please choose another."), code="slot_full")
        appointment = Appointment.objects.create(slot=slot, phone=phone.strip())
        log_action("hall.appointment.booked", obj=appointment, data={"slot": slot.pk})
    return appointment


def _locked(code: str) -> Appointment:
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("slot__outlet", "slot__category")
        .filter(code=(code or "").strip().upper())
        .first()
    )
    if appointment is None:
        raise NotFound(_("No appointment has this code."))
    return appointment


def appointment_cancel(*, code: str, now: datetime | None = None) -> Appointment:
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _locked(code)
        check_step(APPOINTMENT_STEPS, appointment.state, AppointmentState.CANCELLED)
        if appointment.slot.starts_at <= now:
            raise Conflict(_("The appointment has started and can no longer be cancelled."), code="started")
        appointment.state = AppointmentState.CANCELLED
        appointment.save(update_fields=["state"])
        log_action("hall.appointment.cancelled", obj=appointment)
    return appointment


def appointment_check_in(*, code: str, now: datetime | None = None) -> Appointment:
    """Check in at the hall: a ticket in the slot's category, ahead of the queue when on time."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _locked(code)
        if appointment.state == AppointmentState.CHECKED_IN:
            raise Conflict(_("This appointment has already been checked in."), code="already_checked_in")
        check_step(APPOINTMENT_STEPS, appointment.state, AppointmentState.CHECKED_IN)
        slot = appointment.slot
        if timezone.localdate(now) != timezone.localdate(slot.starts_at):
            raise Conflict(_("This appointment is for another day."), code="wrong_day")
        on_time = slot.starts_at - EARLIEST_ON_TIME <= now <= slot.starts_at + conf.appointment_grace()
        priority = Priority.APPOINTMENT.value if on_time else Priority.ORDINARY.value
        ticket = _create_ticket(slot.outlet, slot.category, Channel.APPOINTMENT, priority, "", now)
        appointment.state, appointment.ticket = AppointmentState.CHECKED_IN, ticket
        appointment.save(update_fields=["state", "ticket"])
        log_action(
            "hall.appointment.checked_in", obj=appointment, data={"ticket": ticket.number, "on_time": on_time}
        )
    return appointment


def appointments_mark_no_shows(*, now: datetime | None = None) -> int:
    """Booked appointments whose slot has ended become no-shows (counted in the statistics)."""
    now = now or timezone.now()
    marked = 0
    with transaction.atomic():
        for appointment in Appointment.objects.select_for_update(of=("self",)).filter(
            state=AppointmentState.BOOKED, slot__ends_at__lt=now
        ):
            appointment.state = AppointmentState.NO_SHOW
            appointment.save(update_fields=["state"])
            log_action("hall.appointment.no_show", obj=appointment)
            marked += 1
    return marked
