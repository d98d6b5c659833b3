"""The hall API for bookings and home visits: free slots, book, cancel, check in, ask for a visit;
every refusal in the project's error shape."""

from datetime import date, timedelta

import pytest

from shebao.hall.models import Appointment, HomeVisit
from shebao.hall.slots import slots_generate
from shebao.network.index import bump_version

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 11, 30)


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


@pytest.fixture
def slots(hall, frozen_now):
    slots_generate(outlet=hall.outlet, first_day=MONDAY, days=1)
    return hall


def free(client, hall, **params):
    query = "&".join(f"{k}={v}" for k, v in ({"category": "pension"} | params).items())
    return client.get(f"/api/v1/hall/outlets/{hall.outlet.pk}/slots?{query}")


def test_free_slots_of_a_day_are_listed_with_their_places(client, slots):
    body = free(client, slots, day="2026-11-30").json()
    assert len(body) == 13 and body[0]["remaining"] == 2
    assert body[0]["starts_at"].startswith("2026-11-30T09:00:00+08:00")


def test_slots_of_an_unknown_or_unbookable_business_are_a_422(client, slots):
    for category in ("nope", "reg"):
        response = free(client, slots, category=category)
        assert response.status_code == 422 and "category" in response.json()["error"]["fields"]


def test_book_then_check_in_on_time_gives_a_priority_ticket_then_a_second_check_in_is_a_409(
    client, slots, monkeypatch
):
    slot = free(client, slots, day="2026-11-30").json()[0]
    booked = post(client, "/api/v1/hall/appointments", {"slot": slot["id"], "phone": "13812345678"})
    assert booked.status_code == 201 and booked.json()["state"] == "booked"
    code = booked.json()["code"]
    assert client.get(f"/api/v1/hall/appointments/{code}").json()["category"] == "pension"
    from django.utils import timezone

    from .conftest import FROZEN_NOW

    monkeypatch.setattr(timezone, "now", lambda: FROZEN_NOW + timedelta(days=5, hours=-1, minutes=10))
    checked = post(client, f"/api/v1/hall/appointments/{code}/check-in", {"outlet": "CQ-YZ-H001"})
    assert checked.status_code == 201
    ticket = checked.json()["ticket"]
    assert ticket["priority"] == "appointment" and ticket["token"] and ticket["number"] == "A001"
    again = post(client, f"/api/v1/hall/appointments/{code}/check-in", {})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_checked_in"


def test_a_full_slot_a_past_slot_and_an_unknown_slot_are_refused(client, slots, frozen_now):
    from shebao.hall.models import AppointmentSlot

    slot = AppointmentSlot.objects.filter(category=slots.pension).order_by("starts_at").first()
    for phone in ("13800000001", "13800000002"):
        assert post(client, "/api/v1/hall/appointments", {"slot": slot.pk, "phone": phone}).status_code == 201
    full = post(client, "/api/v1/hall/appointments", {"slot": slot.pk, "phone": "13800000003"})
    assert full.status_code == 409 and full.json()["error"]["code"] == "slot_full"
    past = AppointmentSlot.objects.create(
        outlet=slots.outlet,
        category=slots.pension,
        starts_at=frozen_now - timedelta(hours=1),
        ends_at=frozen_now - timedelta(minutes=30),
        capacity=3,
    )
    response = post(client, "/api/v1/hall/appointments", {"slot": past.pk, "phone": "13800000004"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "slot_passed"
    unknown = post(client, "/api/v1/hall/appointments", {"slot": 999999, "phone": "13800000004"})
    assert unknown.status_code == 404 and "slot" in unknown.json()["error"]["fields"]
    bad_phone = post(client, "/api/v1/hall/appointments", {"slot": slot.pk, "phone": "1"})
    assert bad_phone.status_code == 422 and "phone" in bad_phone.json()["error"]["fields"]
    assert Appointment.objects.count() == 2


def test_a_booking_is_cancelled_once(client, slots):
    slot = free(client, slots, day="2026-11-30").json()[0]
    code = post(client, "/api/v1/hall/appointments", {"slot": slot["id"], "phone": "13812345678"}).json()[
        "code"
    ]
    assert post(client, f"/api/v1/hall/appointments/{code}/cancel", {}).json()["state"] == "cancelled"
    twice = post(client, f"/api/v1/hall/appointments/{code}/cancel", {})
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "invalid_transition"
    assert client.get("/api/v1/hall/appointments/NOPE").status_code == 404


VISIT = {
    "person_name": "李秀英",
    "doc_type": "resident_id",
    "doc_number": "500103195303071224",
    "phone": "13812345678",
    "address": "渝中区解放碑街道民族路 88 号",
    "need": "certification",
    "requester_relation": "relative",
    "district": "500103",
}


def test_a_home_visit_is_asked_for_and_assigned(client, hall):
    bump_version()
    response = post(client, "/api/v1/hall/home-visits", VISIT)
    assert response.status_code == 201
    body = response.json()
    assert (
        body["state"] == "assigned" and body["outlet"] == "CQ-YZ-H001" and body["reference"].startswith("HV")
    )


def test_bad_home_visit_requests_name_every_field(client, hall):
    response = post(
        client, "/api/v1/hall/home-visits", VISIT | {"doc_number": "123", "district": "", "need": "x"}
    )
    assert response.status_code == 422
    assert {"doc_number", "district", "need"} <= set(response.json()["error"]["fields"])
    assert not HomeVisit.objects.exists()


def test_the_public_home_visit_requests_are_rate_limited(client, hall, settings):
    settings.SHEBAO = settings.SHEBAO | {"HALL_HOME_VISIT_REQUESTS_PER_HOUR": 2}
    codes = [post(client, "/api/v1/hall/home-visits", VISIT).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    refused = post(client, "/api/v1/hall/home-visits", VISIT)
    assert "请60分钟后再试" in refused.json()["error"]["message"]
    assert HomeVisit.objects.count() == 2


def test_staff_channels_need_a_signed_in_member_of_staff(client, hall):
    response = post(client, "/api/v1/hall/home-visits", VISIT | {"channel": "phone_call"})
    assert response.status_code == 403 and not HomeVisit.objects.exists()


def test_guessing_booking_codes_is_stopped(client, slots):
    slot = free(client, slots, day="2026-11-30").json()[0]
    code = post(client, "/api/v1/hall/appointments", {"slot": slot["id"], "phone": "13812345678"}).json()[
        "code"
    ]
    misses = [client.get(f"/api/v1/hall/appointments/X{i:07d}").status_code for i in range(20)]
    assert set(misses) == {404}
    refused = client.get(f"/api/v1/hall/appointments/{code}", headers={"accept-language": "en"})
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "throttled"
    # Issue 14: a refusal says how long to wait, not "later".
    assert "Please try again in 10 minutes" in refused.json()["error"]["message"]
    assert client.get(f"/hall/a/{code}/").status_code == 429  # the page shares the count
