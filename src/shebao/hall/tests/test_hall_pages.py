"""The hall pages without a browser: take, follow, display, window actions, follow-ups, statistics."""

import pytest

from shebao.hall.models import Ticket
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


def test_a_citizen_takes_a_ticket_on_the_phone_page_and_sees_the_place_and_wait(client, hall):
    response = client.post("/hall/CQ-YZ-H001/take/", {"category": "pension"})
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response.url == f"/hall/t/{ticket.token}/"
    page = client.get(response.url).content.decode()
    assert "A001" in page and 'data-testid="ahead">0<' in page


def test_an_unknown_category_on_the_page_shows_the_error_and_takes_nothing(client, hall):
    response = client.post("/hall/CQ-YZ-H001/take/", {"category": "nope"})
    assert response.status_code == 422 and b"error-message" in response.content
    assert not Ticket.objects.exists()


def test_the_teller_calls_from_the_window_page_and_the_display_shows_it(client, hall):
    client.post("/hall/CQ-YZ-H001/take/", {"category": "pension"})
    staff = signed_in(client, hall.teller)
    assert staff.post(f"/hall/windows/{hall.window1.pk}/call/").status_code == 302
    assert "A001" in staff.get(f"/hall/windows/{hall.window1.pk}/").content.decode()
    board = client.get("/hall/CQ-YZ-H001/display/board/").content.decode()
    assert 'data-testid="calling"' in board and "A001" in board


def test_the_outsider_cannot_open_a_window_page(client, cast, hall):
    assert signed_in(client, cast.outsider).get(f"/hall/windows/{hall.window1.pk}/").status_code == 403
    assert client.post(f"/hall/windows/{hall.window1.pk}/call/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_for_the_window_page(client, hall):
    response = client.get(f"/hall/windows/{hall.window1.pk}/")
    assert response.status_code == 302 and "/staff/login/" in response.url


def test_the_poster_carries_a_qr_code_to_the_take_page(client, hall):
    page = client.get("/hall/CQ-YZ-H001/poster/").content.decode()
    assert "<svg" in page and "/hall/CQ-YZ-H001/take/" in page


def test_statistics_are_for_the_manager_only(client, cast, hall):
    assert signed_in(client, cast.manager).get("/hall/CQ-YZ-H001/statistics/").status_code == 200
    assert signed_in(client, cast.outsider).get("/hall/CQ-YZ-H001/statistics/").status_code == 403


def test_the_window_page_refreshes_its_waiting_counts_for_its_teller_only(client, cast, hall):
    client.post("/hall/CQ-YZ-H001/take/", {"category": "reg"})
    url = f"/hall/windows/{hall.window1.pk}/waiting/"
    assert signed_in(client, cast.outsider).get(url).status_code == 403
    part = signed_in(client, hall.teller).get(url).content.decode()
    assert 'id="window-waiting"' in part and "参保登记：<strong>1</strong>" in part


def test_a_guide_goes_from_the_issued_ticket_straight_to_the_next(client, hall):
    signed_in(client, hall.guide).post(
        "/hall/CQ-YZ-H001/take/", {"category": "pension", "triage_note": "带齐材料"}
    )
    page = client.get(f"/hall/t/{Ticket.objects.get().token}/").content.decode()
    assert 'data-testid="take-another"' in page
