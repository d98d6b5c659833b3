"""Many people booking the last places of a slot at the same instant: the capacity holds (PostgreSQL)."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from shebao.core.errors import Conflict
from shebao.hall.appointments import appointment_book
from shebao.hall.models import Appointment

from .helpers import make_slot

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers; row locks under concurrency only mean something on PostgreSQL",
    ),
]
CN = ZoneInfo("Asia/Shanghai")


def test_eight_people_booking_a_slot_of_three_at_once_leave_three_bookings(hall):
    starts = datetime(2026, 11, 30, 9, 0, tzinfo=CN)
    slot = make_slot(hall, starts, capacity=3)
    start = threading.Barrier(8)
    booked, full, errors = [], [], []

    def person(i):
        try:
            start.wait()
            appointment_book(slot=slot, phone=f"1380000000{i}", now=starts - timedelta(days=1))
            booked.append(i)
        except Conflict as exc:
            full.append(exc.code)
        except Exception as exc:  # reported below, so a failure in a thread fails the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=person, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(booked) == 3 and full == ["slot_full"] * 5
    assert Appointment.objects.filter(slot=slot).count() == 3
