"""Appointments: capacity, working days, cancellation, check-in (on time: priority; twice: refused),
and no-shows."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shebao.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from shebao.hall.appointments import (
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointments_mark_no_shows,
)
from shebao.hall.models import AppointmentSlot

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=CN)  # a working day
BEFORE = MONDAY_9 - timedelta(days=3)


def slot(hall, starts=MONDAY_9, capacity=2):
    return AppointmentSlot.objects.create(
        outlet=hall.outlet,
        category=hall.pension,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=30),
        capacity=capacity,
    )


def test_a_slot_takes_bookings_up_to_its_capacity(hall):
    s = slot(hall, capacity=2)
    appointment_book(slot=s, now=BEFORE)
    appointment_book(slot=s, now=BEFORE)
    with pytest.raises(Conflict) as exc:
        appointment_book(slot=s, now=BEFORE)
    assert exc.value.code == "slot_full"


def test_a_cancelled_booking_frees_its_place_and_cannot_be_cancelled_twice(hall):
    s = slot(hall, capacity=1)
    first = appointment_book(slot=s, now=BEFORE)
    appointment_cancel(code=first.code, now=BEFORE)
    appointment_book(slot=s, now=BEFORE)
    with pytest.raises(InvalidTransition):
        appointment_cancel(code=first.code, now=BEFORE)


def test_no_bookings_on_the_national_day_holiday(hall):
    holiday = slot(hall, starts=datetime(2026, 10, 2, 9, 0, tzinfo=CN))
    with pytest.raises(ValidationFailed):
        appointment_book(slot=holiday, now=datetime(2026, 9, 1, tzinfo=CN))


def test_checking_in_on_time_gives_an_appointment_priority_ticket_and_twice_is_refused(hall):
    booking = appointment_book(slot=slot(hall), now=BEFORE)
    checked = appointment_check_in(code=booking.code.lower(), now=MONDAY_9 + timedelta(minutes=5))
    assert checked.state == "checked_in"
    assert checked.ticket.priority == "appointment" and checked.ticket.number == "A001"
    with pytest.raises(Conflict) as exc:
        appointment_check_in(code=booking.code, now=MONDAY_9 + timedelta(minutes=6))
    assert exc.value.code == "already_checked_in"


def test_checking_in_late_gives_an_ordinary_ticket(hall):
    booking = appointment_book(slot=slot(hall), now=BEFORE)
    late = appointment_check_in(code=booking.code, now=MONDAY_9 + timedelta(minutes=50))
    assert late.ticket.priority == ""


def test_an_unknown_code_is_not_found(hall):
    with pytest.raises(NotFound):
        appointment_check_in(code="NOPE", now=MONDAY_9)


def test_bookings_nobody_came_for_become_no_shows(hall):
    s = slot(hall)
    came = appointment_book(slot=s, now=BEFORE)
    missed = appointment_book(slot=s, now=BEFORE)
    appointment_check_in(code=came.code, now=MONDAY_9)
    assert appointments_mark_no_shows(now=MONDAY_9 + timedelta(hours=1)) == 1
    missed.refresh_from_db()
    assert missed.state == "no_show"
