"""Out of hours, in a real browser: a citizen who opened the ticket page just before the lunch break and
presses 取号 after it began gets no ticket (no number nobody calls, no "0 ahead"), reads when the hall
opens again, and is offered a booking instead; in the evening the page says so before anything is
pressed."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import serious_accessibility_violations
from shebao.hall.models import ServiceCategory, Ticket, Window
from shebao.network.models import OpeningHours

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CN = ZoneInfo("Asia/Shanghai")
WEDNESDAY = datetime(2026, 11, 25, 11, 59, tzinfo=CN)


@pytest.fixture
def hall(cast):
    outlet = cast.yuzhong_hall
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(outlet=outlet, day=d, opens=o, closes=c)
            for d in range(5)
            for o, c in ((time(9), time(12)), (time(14), time(17, 30)))
        ]
    )
    pension = ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
    Window.objects.create(outlet=outlet, number=1).categories.add(pension)
    return outlet


def test_a_ticket_pressed_for_in_the_lunch_break_is_refused_with_the_opening_time_and_a_booking(
    phone_page, hall, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY)
    page = phone_page
    page.goto(f"{page.base}/hall/{hall.code}/take/")
    page.get_by_label("养老待遇").check()

    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY.replace(hour=12, minute=0, second=30))
    page.get_by_test_id("take-ticket").click()

    notice = page.get_by_test_id("hall-closed")
    expect(notice).to_contain_text("今天 14:00")
    expect(page.get_by_test_id("ticket-number")).to_have_count(0)
    expect(page.get_by_test_id("take-form")).to_have_count(0)
    assert not Ticket.objects.exists()
    assert serious_accessibility_violations(page) == []
    page.get_by_test_id("book-instead").click()
    expect(page).to_have_url(f"{page.base}/hall/{hall.code}/book/")


def test_in_the_evening_the_ticket_page_says_the_hall_opens_tomorrow_morning(phone_page, hall, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY.replace(hour=18))
    page = phone_page
    page.goto(f"{page.base}/hall/{hall.code}/take/")
    expect(page.get_by_test_id("hall-closed")).to_contain_text("明天 9:00")
    expect(page.get_by_test_id("take-ticket")).to_have_count(0)
    expect(page.get_by_test_id("book-instead")).to_be_visible()
