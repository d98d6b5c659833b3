"""A hall's guides and tellers see who booked when (phones masked); other halls' staff do not."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shebao.hall.appointments import appointment_book, appointment_cancel
from shebao.testing import signed_in

from .helpers import make_slot

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=CN)


def test_the_guide_sees_the_days_bookings_with_masked_phones(hall, client):
    slot = make_slot(hall, MONDAY_9, capacity=3)
    kept = appointment_book(slot=slot, phone="13812340000", now=MONDAY_9 - timedelta(days=2))
    gone = appointment_book(slot=slot, phone="13912340001", now=MONDAY_9 - timedelta(days=2))
    appointment_cancel(code=gone.code, now=MONDAY_9 - timedelta(days=1))
    page = signed_in(client, hall.guide).get(f"/hall/{hall.outlet.code}/appointments/", {"day": "2026-11-30"})
    text = page.content.decode()
    assert page.status_code == 200
    assert kept.code in text and gone.code in text
    assert "138****0000" in text and "13812340000" not in text
    assert "1/3" in text  # the cancelled booking frees its place


def test_a_day_that_is_not_a_date_is_refused_clearly(hall, client):
    page = signed_in(client, hall.guide).get(f"/hall/{hall.outlet.code}/appointments/", {"day": "30/11/2026"})
    assert page.status_code == 422
    assert "YYYY-MM-DD" in page.content.decode()


def test_staff_of_another_district_cannot_see_the_bookings(hall, cast, client):
    make_slot(hall, MONDAY_9, capacity=3)
    page = signed_in(client, cast.outsider).get(f"/hall/{hall.outlet.code}/appointments/")
    assert page.status_code == 403
