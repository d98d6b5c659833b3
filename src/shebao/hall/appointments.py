"""Appointments (预约): booking a slot within its capacity, cancelling, checking in (which takes a ticket,
with the appointment priority when on time), no-shows and what repeated no-shows mean, reminders.

Citizens book without signing in: the phone number is the identity of a booking (the reminder goes there,
no-shows are counted by it) and the booking code is the proof that opens, cancels and checks it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shebao.core import events
from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotFound, ValidationFailed
from shebao.core.masking import mask_phone
from shebao.core.messaging import normalise_phone, text_message_send
from shebao.core.models import Outlet
from shebao.hall import conf
from shebao.hall.models import Appointment, AppointmentSlot, Channel
from shebao.hall.policy import Priority
from shebao.hall.services import _create_ticket
from shebao.hall.slots import slot_within_opening_hours
from shebao.hall.states import APPOINTMENT_STEPS, AppointmentState, check_step
from shebao.people.models import Person

# Checking in may start this long before the slot: an appointment is a promise of a time, not a way
# past the queue for the whole morning. Earlier, the kiosk says when to come back.
EARLIEST_CHECK_IN = timedelta(minutes=30)
OPEN_STATES = (AppointmentState.BOOKED,)


def _phone(raw: str) -> str:
    if not (raw or "").strip():
        raise ValidationFailed(fields={"phone": _("Please enter a mobile number for the reminder.")})
    return normalise_phone(raw)


@dataclass(frozen=True)
class Restriction:
    missed: int
    until: date  # the first day on which booking is possible again


def booking_restriction(phone: str, today: date) -> Restriction | None:
    """Repeated no-shows restrict booking (configurable): `no_show_limit` missed appointments within
    `no_show_window_days` days block new bookings for `no_show_restriction_days` after the last one."""
    since = today - timedelta(days=conf.no_show_window_days())
    missed_days = sorted(
        timezone.localdate(start)
        for start in Appointment.objects.filter(
            phone=phone, state=AppointmentState.NO_SHOW, slot__starts_at__date__gte=since
        ).values_list("slot__starts_at", flat=True)
    )
    if len(missed_days) < conf.no_show_limit():
        return None
    until = missed_days[-1] + timedelta(days=conf.no_show_restriction_days() + 1)
    return Restriction(len(missed_days), until) if until > today else None


def _check_may_book(phone: str, now: datetime) -> None:
    today = timezone.localdate(now)
    restriction = booking_restriction(phone, today)
    if restriction is not None:
        raise Conflict(
            _(
                "This number missed %(n)d appointments recently and may book again from %(day)s. "
                "You can still take a ticket at the hall."
            )
            % {"n": restriction.missed, "day": restriction.until.isoformat()},
            code="booking_restricted",
        )
    open_bookings = Appointment.objects.filter(
        phone=phone, state=AppointmentState.BOOKED, slot__ends_at__gt=now
    )
    if open_bookings.count() >= conf.max_open_bookings():
        raise Conflict(
            _("This number already has %(n)d appointments to come. Cancel one to book another.")
            % {"n": conf.max_open_bookings()},
            code="too_many_bookings",
        )


def appointment_book(
    *, slot: AppointmentSlot, phone: str, language: str = "", now: datetime | None = None
) -> Appointment:
    """Book a place in a slot; a text message confirms the code."""
    now = now or timezone.now()
    phone = _phone(phone)
    with transaction.atomic():
        slot = (  # bookings of one slot queue here, so the capacity holds under concurrent bookings
            AppointmentSlot.objects.select_for_update(of=("self",))
            .select_related("outlet", "category")
            .get(pk=slot.pk)
        )
        if slot.starts_at <= now:
            raise Conflict(_("This time has passed. Please choose a later one."), code="slot_passed")
        if not (slot.category.active and slot.category.bookable) or not slot_within_opening_hours(slot):
            raise ValidationFailed(fields={"slot": _("This time cannot be booked. Please choose another.")})
        _check_may_book(phone, now)
        booked = slot.appointments.exclude(state=AppointmentState.CANCELLED).count()
        if booked >= slot.capacity:
            raise Conflict(_("This time is fully booked. Please choose another."), code="slot_full")
        appointment = Appointment.objects.create(
            slot=slot, phone=phone, language=language or settings.LANGUAGE_CODE
        )
        log_action(
            "hall.appointment.booked",
            obj=appointment,
            data={"slot": slot.pk, "outlet": slot.outlet.code, "phone": mask_phone(phone)},
        )
        _text(appointment, "booked")
    return appointment


def _locked(code: str) -> Appointment:
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("slot__outlet", "slot__category")
        .filter(code=(code or "").strip().upper())
        .first()
    )
    if appointment is None:
        raise NotFound(_("No appointment has this code."), fields={"code": _("Please check the code.")})
    return appointment


def appointment_cancel(*, code: str, now: datetime | None = None) -> Appointment:
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _locked(code)
        check_step(APPOINTMENT_STEPS, appointment.state, AppointmentState.CANCELLED)
        if appointment.slot.starts_at <= now:
            raise Conflict(_("The appointment has started and can no longer be cancelled."), code="started")
        appointment.state, appointment.cancelled_at = AppointmentState.CANCELLED, now
        appointment.save(update_fields=["state", "cancelled_at"])
        log_action("hall.appointment.cancelled", obj=appointment)
    return appointment


def check_in_opens(slot: AppointmentSlot) -> datetime:
    return slot.starts_at - EARLIEST_CHECK_IN


def on_time_until(slot: AppointmentSlot) -> datetime:
    """Arriving any time during the slot is on time, and up to the grace period after its start."""
    return max(slot.ends_at, slot.starts_at + conf.appointment_grace())


def appointment_check_in(
    *, code: str, outlet: Outlet | None = None, now: datetime | None = None
) -> Appointment:
    """Check in at the hall (kiosk or phone): a ticket in the slot's category, ahead of the queue when on
    time, an ordinary one when late. `outlet` is the hall whose kiosk or entrance QR is used."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _locked(code)
        if appointment.state == AppointmentState.CHECKED_IN:
            raise Conflict(_("This appointment has already been checked in."), code="already_checked_in")
        check_step(APPOINTMENT_STEPS, appointment.state, AppointmentState.CHECKED_IN)
        slot = appointment.slot
        if outlet is not None and outlet.pk != slot.outlet_id:
            raise Conflict(
                _("This appointment is at %(outlet)s.") % {"outlet": slot.outlet.name}, code="other_outlet"
            )
        if timezone.localdate(now) != timezone.localdate(slot.starts_at):
            raise Conflict(_("This appointment is for another day."), code="wrong_day")
        if now < check_in_opens(slot):
            opens = timezone.localtime(check_in_opens(slot))
            raise Conflict(
                _("Check-in opens at %(time)s, 30 minutes before your appointment.")
                % {"time": opens.strftime("%H:%M")},
                code="too_early",
            )
        on_time = now <= on_time_until(slot)
        priority = Priority.APPOINTMENT.value if on_time else Priority.ORDINARY.value
        ticket = _create_ticket(slot.outlet, slot.category, Channel.APPOINTMENT, priority, "", now)
        appointment.state, appointment.ticket, appointment.checked_in_at = (
            AppointmentState.CHECKED_IN,
            ticket,
            now,
        )
        appointment.save(update_fields=["state", "ticket", "checked_in_at"])
        log_action(
            "hall.appointment.checked_in", obj=appointment, data={"ticket": ticket.number, "on_time": on_time}
        )
    return appointment


def appointments_mark_no_shows(*, now: datetime | None = None) -> int:
    """Booked appointments whose slot has ended become no-shows (counted for the booking restriction)."""
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


def appointments_send_reminders(*, now: datetime | None = None) -> int:
    """Text every booking of tomorrow once. Safe to run any number of times: the row remembers the
    reminder, and the message's dedupe key stops a second text even if a run dies between the two."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    sent = 0
    due = Appointment.objects.filter(
        state=AppointmentState.BOOKED, reminded_at__isnull=True, slot__starts_at__date=tomorrow
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            appointment = (
                Appointment.objects.select_for_update(of=("self",))
                .select_related("slot__outlet", "slot__category")
                .filter(pk=pk, state=AppointmentState.BOOKED, reminded_at__isnull=True)
                .first()
            )
            if appointment is None:  # cancelled or reminded by a parallel run meanwhile
                continue
            _text(appointment, "reminder")
            _publish_reminder(appointment)
            appointment.reminded_at = now
            appointment.save(update_fields=["reminded_at"])
            log_action("hall.appointment.reminded", obj=appointment)
            sent += 1
    return sent


def _text(appointment: Appointment, kind: str) -> None:
    slot = appointment.slot
    with translation.override(appointment.language or settings.LANGUAGE_CODE):
        when = timezone.localtime(slot.starts_at)
        values = {
            "code": appointment.code,
            "category": slot.category.name,
            "outlet": slot.outlet.name,
            "day": date_format(when, "DATE_FORMAT"),
            "time": when.strftime("%H:%M"),
        }
        if kind == "booked":
            body = gettext(
                "Booked: %(category)s at %(outlet)s, %(day)s %(time)s. Your code is %(code)s: show it at the "
                "kiosk to check in, from 30 minutes before."
            )
        else:
            body = gettext(
                "Reminder: tomorrow %(day)s %(time)s, %(category)s at %(outlet)s, code %(code)s. If you "
                "cannot come, please cancel with your code so someone else can have the time."
            )
    text_message_send(
        phone=appointment.phone,
        body=body % values,
        purpose=f"hall.appointment.{kind}",
        dedupe_key=f"hall-appointment-{kind}-{appointment.pk}",
    )


def _publish_reminder(appointment: Appointment) -> None:
    """Tell later apps (notify: the citizen's inbox) of tomorrow's booking (core.events). A booking is
    made by phone number, not by a signed-in person: told only when exactly one person has that number."""
    persons = list(Person.objects.filter(phone=appointment.phone).values_list("pk", flat=True)[:2])
    if len(persons) != 1:
        return
    slot = appointment.slot
    events.publish(
        "hall.appointment.reminder",
        person_id=persons[0],
        period=appointment.code,
        when=f"{timezone.localtime(slot.starts_at):%Y-%m-%d %H:%M}",
        place=slot.outlet.name,
        code=appointment.code,
    )
