"""The pages of bookings, check-in, the rating pad, home visits and the hall's staff page: each works,
each refusal is shown on the page, staff pages refuse the outsider."""

import io
from datetime import date

import pytest

from shebao.core.models import AuditEntry
from shebao.hall.models import Appointment, Evaluation, HomeVisit
from shebao.hall.slots import slots_generate
from shebao.network.index import bump_version
from shebao.testing import signed_in

from .helpers import served

pytestmark = pytest.mark.django_db


@pytest.fixture
def bookable(hall, frozen_now):
    slots_generate(outlet=hall.outlet, first_day=date(2026, 11, 26), days=6)
    return hall


def test_the_booking_pages_lead_from_the_hall_to_a_code(client, bookable):
    assert "CQ-YZ-H001" in client.get("/hall/book/").content.decode()
    page = client.get("/hall/CQ-YZ-H001/book/?category=pension").content.decode()
    assert "2026-11-26" in page  # the first day offered is chosen
    slot = bookable.outlet.hall_slots.order_by("starts_at").first()
    response = client.post(
        "/hall/CQ-YZ-H001/book/",
        {"category": "pension", "day": "2026-11-26", "slot": slot.pk, "phone": "13812345678"},
    )
    booking = Appointment.objects.get()
    assert response.status_code == 302 and response.url == f"/hall/a/{booking.code}/"
    page = client.get(response.url).content.decode()
    assert booking.code in page and "138****5678" in page and "13812345678" not in page


def test_a_booking_without_a_time_or_phone_shows_the_error_and_books_nothing(client, bookable):
    slot = bookable.outlet.hall_slots.first()
    for data in ({"category": "pension"}, {"category": "pension", "slot": slot.pk, "phone": ""}):
        response = client.post("/hall/CQ-YZ-H001/book/", data)
        assert (
            response.status_code in (404, 422) and 'data-testid="error-message"' in response.content.decode()
        )
    assert not Appointment.objects.exists()


def test_an_unknown_district_on_the_outlet_page_is_said_so(client, bookable):
    response = client.get("/hall/book/?district=999999")
    assert response.status_code == 404 and "CQ-YZ-H001" in response.content.decode()


def test_checking_in_with_a_wrong_code_at_the_kiosk_says_so_and_then_throttles(client, hall):
    response = client.post("/hall/CQ-YZ-H001/check-in/", {"code": "WRONG", "kiosk": "1"})
    assert response.status_code == 404 and 'data-testid="check-in-error"' in response.content.decode()
    statuses = [client.post("/hall/CQ-YZ-H001/check-in/", {"code": "WRONG"}).status_code for _ in range(20)]
    assert statuses[-1] == 429


def test_the_rating_pad_offers_the_windows_last_service_and_then_nothing(client, hall):
    ticket = served(hall)
    url = f"/hall/pad/{hall.window1.pad_token}/"
    assert ticket.number in client.get(url).content.decode()
    response = client.post(url, {"ticket": ticket.pk, "level": "5"})
    assert response.status_code == 302 and Evaluation.objects.get().ticket == ticket
    page = client.get(url).content.decode()
    assert 'name="level"' not in page
    stale = client.post(url, {"ticket": ticket.pk, "level": "1", "reasons": ["other"]})
    assert stale.status_code == 409 and Evaluation.objects.count() == 1
    assert client.get("/hall/pad/not-a-token/").status_code == 404


def test_the_public_visit_form_creates_a_request_and_shows_its_masked_status(client, hall):
    bump_version()
    data = {
        "person_name": "李秀英",
        "doc_type": "resident_id",
        "doc_number": "500103195303071224",
        "phone": "13812345678",
        "district": "500103",
        "address": "渝中区解放碑街道民族路 88 号",
        "need": "certification",
        "requester_relation": "self",
    }
    response = client.post("/hall/home-visits/request/", data)
    visit = HomeVisit.objects.get()
    assert response.status_code == 302 and response.url == f"/hall/home-visits/s/{visit.token}/"
    page = client.get(response.url).content.decode()
    assert "李**" in page and "138****5678" in page and "李秀英" not in page
    bad = client.post("/hall/home-visits/request/", data | {"doc_number": "1"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.content.decode()
    assert HomeVisit.objects.count() == 1


def test_the_visit_record_form_takes_a_photo_and_refuses_a_pdf(client, hall):
    bump_version()
    from shebao.hall.home_visits import home_visit_request

    from .test_home_visits import PNG, a_request

    visit = home_visit_request(request=a_request(), channel="online")
    signed_in(client, hall.teller)
    url = f"/hall/home-visits/{visit.pk}/record/"
    pdf = io.BytesIO(b"%PDF-1.4 not a photo")
    pdf.name = "photo.jpg"
    refused = client.post(url, {"outcome": "done", "work_done": "认证", "photo": pdf})
    assert refused.status_code == 422 and "照片须为JPEG或PNG格式" in refused.content.decode()
    photo = io.BytesIO(PNG)
    photo.name = "home.png"
    assert client.post(url, {"outcome": "done", "work_done": "认证", "photo": photo}).status_code == 302
    served_photo = client.get(f"/hall/home-visits/{visit.pk}/photo/")
    assert served_photo["Content-Type"] == "image/png" and b"".join(served_photo.streaming_content) == PNG
    assert served_photo["Content-Security-Policy"].startswith("sandbox; default-src 'none'")


def test_staff_visit_pages_refuse_the_outsider_and_audit_reads(client, cast, hall):
    bump_version()
    from shebao.hall.home_visits import home_visit_request

    from .test_home_visits import a_request

    visit = home_visit_request(request=a_request(), channel="online")
    signed_in(client, cast.outsider)
    for url in (
        f"/hall/home-visits/{visit.pk}/",
        f"/hall/home-visits/{visit.pk}/record/",
        "/hall/home-visits/new/",
    ):
        assert client.get(url).status_code == 403
    assert client.get("/hall/home-visits/").status_code == 403
    page = signed_in(client, cast.manager).get(f"/hall/home-visits/{visit.pk}/").content.decode()
    assert "500103********1224" in page and "500103195303071224" not in page
    assert AuditEntry.objects.filter(action="hall.home_visit.viewed").count() == 1


def test_the_hall_staff_page_shows_each_role_its_part(client, cast, hall):
    teller_page = signed_in(client, hall.teller).get("/hall/staff/").content.decode()
    assert 'data-testid="window-1"' in teller_page
    manager_page = signed_in(client, cast.manager).get("/hall/staff/").content.decode()
    assert "/hall/follow-ups/" in manager_page
    assert signed_in(client, cast.outsider).get("/hall/staff/").status_code == 403
    assert client.logout() is None and client.get("/hall/staff/").status_code == 302


def test_a_refused_window_action_is_shown_on_the_window_page(client, hall):
    signed_in(client, hall.teller)
    response = client.post(f"/hall/windows/{hall.window1.pk}/link-case/", {"ticket": 0, "case": "X"})
    assert response.status_code == 404
    served(hall)
    from shebao.hall.services import ticket_take

    ticket_take(outlet=hall.outlet, category_code="pension")
    client.post(f"/hall/windows/{hall.window1.pk}/call/")
    busy = client.post(f"/hall/windows/{hall.window1.pk}/call/")
    assert busy.status_code == 409 and 'data-testid="error-message"' in busy.content.decode()
