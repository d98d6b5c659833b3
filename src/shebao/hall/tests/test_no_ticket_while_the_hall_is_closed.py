"""Out of hours no ticket is handed out (a number nobody calls, with "0 ahead" and a wait, is a trap): the
page and the API refuse it and say when the hall opens next, in words."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from shebao.hall.models import Ticket
from shebao.hall.opening import when_in_words
from shebao.network.hours import Session, next_opening
from shebao.network.models import OpeningHours

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")


def at(month, day, hour, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=CN)


def take(client):
    return client.post(
        "/api/v1/hall/tickets",
        {"outlet": "CQ-YZ-H001", "category": "pension"},
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("now", "words"),
    [
        (at(11, 25, 12, 30), "今天 14:00"),  # the lunch break of a Wednesday
        (at(11, 25, 18, 0), "明天 9:00"),  # Wednesday evening
        (at(11, 28, 13, 0), "11月30日（周一）9:00"),  # Saturday afternoon: Sunday is closed
    ],
)
def test_the_api_refuses_a_ticket_out_of_hours_and_says_when_the_hall_opens(
    client, hall, monkeypatch, now, words
):
    monkeypatch.setattr(timezone, "now", lambda: now)
    response = take(client)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "hall_closed" and words in error["message"]
    assert not Ticket.objects.exists()


def test_the_page_refuses_a_ticket_out_of_hours_and_offers_a_booking(client, hall, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(11, 25, 18, 0))
    response = client.post("/hall/CQ-YZ-H001/take/", {"category": "pension"})
    page = response.content.decode()
    assert response.status_code == 409 and "明天 9:00" in page and "/hall/CQ-YZ-H001/book/" in page
    assert 'data-testid="take-form"' not in page and not Ticket.objects.exists()


def test_a_ticket_is_taken_in_opening_hours_and_at_any_time_where_hours_were_never_entered(
    client, hall, monkeypatch
):
    assert take(client).status_code == 201  # Wednesday 11:00 (conftest)
    OpeningHours.objects.filter(outlet=hall.outlet).delete()
    monkeypatch.setattr(timezone, "now", lambda: at(11, 25, 23, 0))
    assert take(client).status_code == 201  # nobody could say when it opens, so nothing is refused


def test_the_next_opening_skips_closed_days_and_a_public_holiday():
    week = [Session(d, time(9), time(12)) for d in range(5)]
    # 30 September 2026, a Wednesday, after closing: 1-7 October are the National Day holidays, then
    # Thursday 8 October is a working day.
    assert next_opening(week, at(9, 30, 18)) == at(10, 8, 9)
    assert next_opening([], at(9, 30, 18)) is None


def test_the_time_is_said_as_today_tomorrow_or_the_date_with_its_weekday():
    now = at(12, 3, 20)
    assert when_in_words(at(12, 3, 21, 30), now) == "今天 21:30"
    assert when_in_words(at(12, 4, 9), now) == "明天 9:00"
    assert when_in_words(at(12, 7, 9), now) == "12月7日（周一）9:00"
