"""Booking slots are cut from the outlet's opening sessions on the official calendar: lunch breaks,
evening and holiday sessions, public holidays, make-up working days; generation is idempotent."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from shebao.hall.models import AppointmentSlot
from shebao.hall.slots import merged, slot_times, slots_generate
from shebao.network.hours import HOLIDAY
from shebao.network.models import OpeningHours

from .helpers import make_slot

CN = ZoneInfo("Asia/Shanghai")


def local_times(day: date):
    return sorted(
        (s.starts_at.astimezone(CN).strftime("%H:%M"), s.category.code)
        for s in AppointmentSlot.objects.filter(starts_at__date=day).select_related("category")
    )


def test_slots_fill_each_session_and_never_straddle_the_lunch_break():
    slots = slot_times([(time(9), time(12)), (time(14), time(17, 30))], 45)
    assert slots[0] == (time(9), time(9, 45))
    assert (time(11, 15), time(12)) in slots and (time(11, 45), time(12, 30)) not in slots
    assert slots[4] == (time(14), time(14, 45)) and slots[-1] == (
        time(16, 15),
        time(17),
    )  # 17:00-17:30 too short


def test_overlapping_sessions_count_once():
    assert merged([(time(9), time(12)), (time(9), time(12)), (time(14), time(17)), (time(16), time(18))]) == [
        (time(9), time(12)),
        (time(14), time(18)),
    ]


@pytest.mark.django_db
def test_a_working_day_gets_slots_for_bookable_categories_only(hall):
    monday = date(2026, 11, 30)
    result = slots_generate(outlet=hall.outlet, first_day=monday, days=1)
    times = local_times(monday)
    assert result["created"] == len(times) == 6 + 7  # 9:00-12:00 and 14:00-17:30 in half hours
    assert {code for _, code in times} == {"pension"}  # registration is not bookable
    assert ("12:00", "pension") not in times and ("14:00", "pension") in times


@pytest.mark.django_db
def test_public_holidays_get_no_slots_unless_the_outlet_keeps_holiday_hours(hall):
    national_day = date(2026, 10, 2)
    slots_generate(outlet=hall.outlet, first_day=national_day, days=1)
    assert local_times(national_day) == []
    OpeningHours.objects.create(outlet=hall.outlet, day=HOLIDAY, opens=time(9), closes=time(11))
    slots_generate(outlet=hall.outlet, first_day=national_day, days=1)
    assert [t for t, _ in local_times(national_day)] == ["09:00", "09:30", "10:00", "10:30"]


@pytest.mark.django_db
def test_a_make_up_saturday_has_the_weekday_hours(hall):
    make_up = date(2026, 10, 10)  # Saturday worked for the National Day holiday
    slots_generate(outlet=hall.outlet, first_day=make_up, days=1)
    times = [t for t, _ in local_times(make_up)]
    assert "15:00" in times and times.count("09:00") == 1  # the afternoon, and the morning only once


@pytest.mark.django_db
def test_an_evening_session_gets_slots_too(hall):
    OpeningHours.objects.create(outlet=hall.outlet, day=1, opens=time(17, 30), closes=time(19, 30))
    tuesday = date(2026, 12, 1)
    slots_generate(outlet=hall.outlet, first_day=tuesday, days=1)
    assert ("19:00", "pension") in local_times(tuesday)


@pytest.mark.django_db
def test_a_year_the_calendar_does_not_know_gets_no_slots(hall):
    assert slots_generate(outlet=hall.outlet, first_day=date(2099, 3, 2), days=5)["created"] == 0


@pytest.mark.django_db
def test_generating_twice_adds_nothing_and_changed_hours_remove_only_unbooked_slots(hall):
    monday = date(2026, 11, 30)
    first = slots_generate(outlet=hall.outlet, first_day=monday, days=7)
    assert first["created"] > 0
    assert slots_generate(outlet=hall.outlet, first_day=monday, days=7) == {"created": 0, "removed": 0}
    booked = AppointmentSlot.objects.get(starts_at=datetime(2026, 11, 30, 16, 0, tzinfo=CN))
    from shebao.hall.models import Appointment

    Appointment.objects.create(slot=booked, phone="13800000001")
    OpeningHours.objects.filter(outlet=hall.outlet, opens=time(14)).delete()  # afternoons closed
    result = slots_generate(outlet=hall.outlet, first_day=monday, days=7)
    assert result["created"] == 0 and result["removed"] == 5 * 7 - 1  # the booked one stays
    assert AppointmentSlot.objects.filter(pk=booked.pk).exists()


@pytest.mark.django_db
def test_a_hand_made_slot_outside_the_opening_hours_is_not_offered(hall):
    from shebao.hall.selectors import free_slots

    inside = make_slot(hall, datetime(2026, 11, 30, 9, 0, tzinfo=CN))
    make_slot(hall, datetime(2026, 11, 30, 12, 30, tzinfo=CN))  # lunch break
    offered = free_slots(hall.pension, now=datetime(2026, 11, 25, tzinfo=CN))
    assert [f.slot.pk for f in offered] == [inside.pk]
