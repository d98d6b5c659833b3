"""The day before, every booking gets one reminder by text message, however often the job runs; the
daily command also makes the slots and marks the no-shows."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from shebao.core.models import TextMessage
from shebao.hall.appointments import appointment_book, appointment_cancel, appointments_send_reminders
from shebao.hall.models import AppointmentSlot

from .helpers import make_slot

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")
TUESDAY_10 = datetime(2026, 12, 1, 10, 0, tzinfo=CN)
MONDAY_EVENING = datetime(2026, 11, 30, 18, 0, tzinfo=CN)


def test_tomorrows_bookings_are_reminded_once_and_cancelled_ones_not(hall):
    slot = make_slot(hall, TUESDAY_10, capacity=3)
    kept = appointment_book(slot=slot, phone="13800000001", now=MONDAY_EVENING - timedelta(days=2))
    dropped = appointment_book(slot=slot, phone="13800000002", now=MONDAY_EVENING - timedelta(days=2))
    later = appointment_book(
        slot=make_slot(hall, TUESDAY_10 + timedelta(days=1)), phone="13800000003", now=MONDAY_EVENING
    )
    appointment_cancel(code=dropped.code, now=MONDAY_EVENING)
    assert appointments_send_reminders(now=MONDAY_EVENING) == 1
    assert appointments_send_reminders(now=MONDAY_EVENING + timedelta(hours=1)) == 0
    reminders = TextMessage.objects.filter(purpose="hall.appointment.reminder")
    assert [m.phone for m in reminders] == ["13800000001"]
    assert kept.code in reminders[0].body and "10:00" in reminders[0].body
    kept.refresh_from_db()
    later.refresh_from_db()
    assert kept.reminded_at is not None and later.reminded_at is None


def test_a_reminder_is_not_sent_twice_even_if_the_booking_row_lost_its_mark(hall):
    booking = appointment_book(slot=make_slot(hall, TUESDAY_10), phone="13800000001", now=MONDAY_EVENING)
    appointments_send_reminders(now=MONDAY_EVENING)
    type(booking).objects.filter(pk=booking.pk).update(reminded_at=None)  # a run died after texting
    appointments_send_reminders(now=MONDAY_EVENING)
    assert TextMessage.objects.filter(purpose="hall.appointment.reminder").count() == 1


def test_the_daily_command_makes_slots_marks_no_shows_and_reminds_and_can_run_again(hall):
    out = StringIO()
    call_command("hall_daily", stdout=out)
    created = AppointmentSlot.objects.count()
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert "slots:" in out.getvalue() and "reminders:" in out.getvalue()
    if created:  # none when the next days are all holidays or outside the calendar's years
        assert AppointmentSlot.objects.filter(starts_at__date__gte=tomorrow).count() == created
    call_command("hall_daily", stdout=StringIO())
    assert AppointmentSlot.objects.count() == created


def test_the_daily_command_runs_one_step_when_asked(hall):
    out = StringIO()
    call_command("hall_daily", "--only", "reminders", stdout=out)
    assert out.getvalue().startswith("reminders:") and not AppointmentSlot.objects.exists()
