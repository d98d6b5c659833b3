"""Appointments: capacity, past and closed times, the phone number, cancellation, check-in (on time:
priority; late: ordinary; early, elsewhere, another day or twice: refused), no-shows and the booking
restriction they lead to, the limit of open bookings, the confirmation text."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shebao.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from shebao.core.models import Outlet, TextMessage
from shebao.hall.appointments import (
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointments_mark_no_shows,
    booking_restriction,
)
from shebao.hall.models import Appointment

from .helpers import make_slot

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=CN)  # a working day
BEFORE = MONDAY_9 - timedelta(days=3)
PHONE = "13812340000"


def book(slot, phone=PHONE, now=BEFORE):
    return appointment_book(slot=slot, phone=phone, now=now)


def test_a_slot_takes_bookings_up_to_its_capacity(hall):
    s = make_slot(hall, MONDAY_9, capacity=2)
    book(s, "13800000001")
    book(s, "13800000002")
    with pytest.raises(Conflict) as exc:
        book(s, "13800000003")
    assert exc.value.code == "slot_full" and Appointment.objects.count() == 2


def test_a_time_that_has_passed_cannot_be_booked(hall):
    with pytest.raises(Conflict) as exc:
        book(make_slot(hall, MONDAY_9), now=MONDAY_9 + timedelta(minutes=1))
    assert exc.value.code == "slot_passed" and not Appointment.objects.exists()


def test_a_booking_needs_a_mobile_number_a_text_can_reach(hall):
    s = make_slot(hall, MONDAY_9)
    for bad in ("", "12ab", "110"):
        with pytest.raises(ValidationFailed) as exc:
            book(s, bad)
        assert "phone" in exc.value.fields
    assert book(s, "+86 138-1234-0000").phone == PHONE  # normalised


def test_the_booking_is_confirmed_by_text_with_its_code(hall):
    booking = book(make_slot(hall, MONDAY_9))
    message = TextMessage.objects.get(purpose="hall.appointment.booked")
    assert message.phone == PHONE and booking.code in message.body and "渝中区社保服务大厅" in message.body


def test_no_bookings_on_the_national_day_holiday_nor_in_the_lunch_break(hall):
    holiday = make_slot(hall, datetime(2026, 10, 2, 9, 0, tzinfo=CN))
    lunch = make_slot(hall, datetime(2026, 11, 30, 12, 0, tzinfo=CN))
    for slot in (holiday, lunch):
        with pytest.raises(ValidationFailed):
            book(slot, now=datetime(2026, 9, 1, tzinfo=CN))
    assert not Appointment.objects.exists()


def test_a_category_that_is_not_bookable_cannot_be_booked(hall):
    with pytest.raises(ValidationFailed):
        book(make_slot(hall, MONDAY_9, category=hall.registration))


def test_a_cancelled_booking_frees_its_place_and_cannot_be_cancelled_twice(hall):
    s = make_slot(hall, MONDAY_9, capacity=1)
    first = book(s, "13800000001")
    appointment_cancel(code=first.code, now=BEFORE)
    book(s, "13800000002")
    with pytest.raises(InvalidTransition):
        appointment_cancel(code=first.code, now=BEFORE)


def test_a_started_appointment_can_no_longer_be_cancelled(hall):
    booking = book(make_slot(hall, MONDAY_9))
    with pytest.raises(Conflict) as exc:
        appointment_cancel(code=booking.code, now=MONDAY_9)
    assert exc.value.code == "started"


def test_checking_in_on_time_gives_an_appointment_priority_ticket_and_twice_is_refused(hall):
    booking = book(make_slot(hall, MONDAY_9))
    checked = appointment_check_in(code=booking.code.lower(), now=MONDAY_9 + timedelta(minutes=20))
    assert checked.state == "checked_in" and checked.checked_in_at is not None
    assert checked.ticket.priority == "appointment" and checked.ticket.number == "A001"
    with pytest.raises(Conflict) as exc:
        appointment_check_in(code=booking.code, now=MONDAY_9 + timedelta(minutes=21))
    assert exc.value.code == "already_checked_in"


def test_checking_in_late_gives_an_ordinary_ticket(hall):
    booking = book(make_slot(hall, MONDAY_9))
    late = appointment_check_in(code=booking.code, now=MONDAY_9 + timedelta(minutes=50))
    assert late.ticket.priority == ""


def test_checking_in_too_early_says_when_to_come_back_and_keeps_the_booking(hall):
    booking = book(make_slot(hall, MONDAY_9))
    with pytest.raises(Conflict) as exc:
        appointment_check_in(code=booking.code, now=MONDAY_9 - timedelta(minutes=45))
    assert exc.value.code == "too_early" and "08:30" in str(exc.value.message)
    booking.refresh_from_db()
    assert booking.state == "booked" and booking.ticket is None


def test_checking_in_at_another_hall_or_on_another_day_is_refused(hall, cast):
    booking = book(make_slot(hall, MONDAY_9))
    elsewhere = Outlet.objects.get(code="CQ-JB-B001")
    with pytest.raises(Conflict) as exc:
        appointment_check_in(code=booking.code, outlet=elsewhere, now=MONDAY_9)
    assert exc.value.code == "other_outlet"
    with pytest.raises(Conflict) as exc:
        appointment_check_in(code=booking.code, now=MONDAY_9 - timedelta(days=1))
    assert exc.value.code == "wrong_day"


def test_an_unknown_code_is_not_found(hall):
    with pytest.raises(NotFound):
        appointment_check_in(code="NOPE", now=MONDAY_9)


def test_bookings_nobody_came_for_become_no_shows(hall):
    s = make_slot(hall, MONDAY_9)
    came = book(s, "13800000001")
    missed = book(s, "13800000002")
    appointment_check_in(code=came.code, now=MONDAY_9)
    assert appointments_mark_no_shows(now=MONDAY_9 + timedelta(hours=1)) == 1
    assert appointments_mark_no_shows(now=MONDAY_9 + timedelta(hours=2)) == 0
    missed.refresh_from_db()
    assert missed.state == "no_show"


def test_three_no_shows_within_90_days_restrict_booking_for_30_days(hall, settings):
    settings.SHEBAO = settings.SHEBAO | {"HALL_NO_SHOW_LIMIT": 3, "HALL_NO_SHOW_RESTRICTION_DAYS": 30}
    for week in range(3):
        start = MONDAY_9 - timedelta(days=7 * (3 - week))
        appointment_book(slot=make_slot(hall, start), phone=PHONE, now=start - timedelta(days=1))
    appointments_mark_no_shows(now=MONDAY_9)
    restriction = booking_restriction(PHONE, MONDAY_9.date())
    assert restriction is not None and restriction.missed == 3
    assert restriction.until.isoformat() == "2026-12-24"  # the last one missed was 2026-11-23
    later = make_slot(hall, MONDAY_9 + timedelta(days=1))
    with pytest.raises(Conflict) as exc:
        appointment_book(slot=later, phone=PHONE, now=MONDAY_9)
    assert exc.value.code == "booking_restricted" and "2026-12-24" in str(exc.value.message)
    assert book(later, "13800000009", now=MONDAY_9).state == "booked"  # another number is not affected
    assert booking_restriction(PHONE, restriction.until) is None


def test_a_number_holds_at_most_two_bookings_to_come(hall):
    for hour in (9, 10):
        book(make_slot(hall, MONDAY_9.replace(hour=hour)))
    with pytest.raises(Conflict) as exc:
        book(make_slot(hall, MONDAY_9.replace(hour=11)))
    assert exc.value.code == "too_many_bookings"
