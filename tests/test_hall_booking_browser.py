"""Booking on a phone, in a real browser: the citizen chooses the hall, the business, the day and the
time, gives a mobile number and gets a code; on the day they check in on the phone and get a ticket that
is called ahead of the queue. The booking is confirmed by text message."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import journey_screen, serious_accessibility_violations
from shebao.core.models import TextMessage
from shebao.hall.models import Appointment, ServiceCategory, Window
from shebao.hall.slots import slots_generate
from shebao.network.models import OpeningHours

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CN = ZoneInfo("Asia/Shanghai")
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=CN)  # a day the working-day calendar knows
THURSDAY_MORNING = datetime(2026, 11, 26, 9, 10, tzinfo=CN)


def test_a_citizen_books_a_time_on_the_phone_and_checks_in_on_the_day(phone_page, cast, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY)
    outlet = cast.yuzhong_hall
    OpeningHours.objects.bulk_create(
        [OpeningHours(outlet=outlet, day=d, opens=time(9), closes=time(12)) for d in range(5)]
    )
    pension = ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
    Window.objects.create(outlet=outlet, number=1).categories.add(pension)
    slots_generate(outlet=outlet, first_day=date(2026, 11, 26), days=5)
    page, base = phone_page, phone_page.base

    page.goto(base + "/hall/book/")
    page.get_by_role("link", name=outlet.name).click()
    page.get_by_label("养老待遇").check()
    page.get_by_test_id("show-days").click()
    expect(page.get_by_test_id("choose-day")).to_be_visible()
    page.get_by_test_id("show-times").click()
    page.locator("input[name=slot]").first.check()
    page.fill("#phone", "138 1234 5678")
    assert serious_accessibility_violations(page) == []
    page.get_by_test_id("book").click()

    expect(page.get_by_test_id("booking-code")).to_be_visible()
    booking = Appointment.objects.get()
    assert page.get_by_test_id("booking-code").inner_text() == booking.code
    assert "2026-11-26 09:00" in page.get_by_test_id("booking-time").inner_text()
    assert booking.code in TextMessage.objects.get(purpose="hall.appointment.booked").body
    assert serious_accessibility_violations(page) == []
    journey_screen(page, "1-citizen-books")

    # The next morning, ten minutes after the slot began, at the hall.
    monkeypatch.setattr(timezone, "now", lambda: THURSDAY_MORNING)
    page.reload()
    page.get_by_test_id("check-in").click()
    expect(page.get_by_test_id("ticket-number")).to_have_text("A001")
    expect(page.get_by_test_id("ticket-status")).to_have_attribute("data-priority", "appointment")
    booking.refresh_from_db()
    assert booking.state == "checked_in" and booking.ticket.priority == "appointment"
    assert serious_accessibility_violations(page) == []


def test_a_day_picked_without_showing_its_times_is_never_booked_as_another_day(phone_page, cast, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY)
    outlet = cast.yuzhong_hall
    OpeningHours.objects.bulk_create(
        [OpeningHours(outlet=outlet, day=d, opens=time(9), closes=time(12)) for d in range(5)]
    )
    pension = ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
    Window.objects.create(outlet=outlet, number=1).categories.add(pension)
    slots_generate(outlet=outlet, first_day=date(2026, 11, 26), days=5)
    page, base = phone_page, phone_page.base

    page.goto(f"{base}/hall/{outlet.code}/book/?category=pension")
    # The citizen picks Friday, does not press 查看可预约时段, and picks a time from the list on screen.
    page.locator("input[name=day][value='2026-11-27']").check()
    page.locator("input[name=slot]").first.check()
    page.fill("#phone", "138 1234 5678")
    page.get_by_test_id("book").click()

    error = page.get_by_test_id("error-message")
    expect(error).to_be_visible()
    assert "11-27" in error.inner_text() and "11-26" in error.inner_text()
    assert Appointment.objects.count() == 0
    # The times now on screen are Friday's, with Friday still picked; booking one books Friday.
    expect(page.get_by_test_id("times-legend")).to_contain_text("2026-11-27")
    expect(page.locator("input[name=day][value='2026-11-27']")).to_be_checked()
    page.locator("input[name=slot]").nth(1).check()
    page.get_by_test_id("book").click()
    expect(page.get_by_test_id("booking-code")).to_be_visible()
    assert "2026-11-27 09:30" in page.get_by_test_id("booking-time").inner_text()
    assert timezone.localtime(Appointment.objects.get().slot.starts_at).date() == date(2026, 11, 27)
    assert serious_accessibility_violations(page) == []
