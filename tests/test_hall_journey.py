"""The hall in real browsers: a citizen takes a ticket on a phone, the teller calls it, the display
updates by itself, the citizen rates the service low, and the manager finds the follow-up."""

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, journey_screen, serious_accessibility_violations
from shebao.core.models import Role
from shebao.hall.models import ServiceCategory, Window
from shebao.testing import CAST_PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username):
    page.goto(page.base + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", CAST_PASSWORD)
    page.click("button[type=submit].primary")


def test_take_call_display_rate_low_and_the_manager_gets_a_follow_up(phone_page, chromium, cast):
    outlet = cast.yuzhong_hall
    pension = ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
    ServiceCategory.objects.create(outlet=outlet, code="reg", name="参保登记", prefix="B")
    window = Window.objects.create(outlet=outlet, number=3)
    window.categories.add(pension)
    make_staff("hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=outlet)
    base = phone_page.base

    # The citizen scans the QR code at the entrance and takes a ticket on the phone.
    citizen = phone_page
    citizen.goto(base + "/hall/CQ-YZ-H001/take/")
    citizen.get_by_label("养老待遇").check()
    citizen.get_by_test_id("take-ticket").click()
    assert citizen.get_by_test_id("ticket-number").inner_text() == "A001"
    assert citizen.get_by_test_id("ahead").inner_text() == "0"
    assert serious_accessibility_violations(citizen) == []
    journey_screen(citizen, "4-hall-ticket")

    # The hall display is open on the screen; the teller calls from the window page.
    staff_context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    display = staff_context.new_page()
    display.goto(base + "/hall/CQ-YZ-H001/display/")
    assert display.get_by_test_id("calling").count() == 0
    teller = staff_context.new_page()
    teller.base = base
    sign_in(teller, "hall_teller")
    teller.goto(base + f"/hall/windows/{window.pk}/")
    teller.get_by_test_id("call-next").click()
    assert "A001" in teller.get_by_test_id("current-ticket").inner_text()
    journey_screen(teller, "4-hall-window")

    # Both the display and the citizen's phone update by themselves (HTMX polling).
    display.get_by_test_id("calling").first.wait_for(timeout=10_000)
    assert "A001" in display.get_by_test_id("calling").first.inner_text()
    assert "3" in display.get_by_test_id("calling").first.inner_text()
    assert serious_accessibility_violations(display) == []
    citizen.get_by_test_id("go-to-window").wait_for(timeout=10_000)

    teller.get_by_test_id("start").click()
    teller.get_by_test_id("finish").click()
    teller.get_by_test_id("call-next").wait_for()

    # The citizen rates the service "very dissatisfied" with a reason.
    citizen.get_by_test_id("rate-link").click(timeout=10_000)
    journey_screen(citizen, "4-hall-rating")
    citizen.locator("input[name=level][value='1']").check()
    citizen.locator("input[name=reasons][value='long_wait']").check()
    citizen.get_by_test_id("submit-rating").click()
    # The form posts and the page re-renders: wait for the follow-up rather than race it.
    expect(citizen.get_by_test_id("follow-up")).to_be_visible()
    assert serious_accessibility_violations(citizen) == []
    staff_context.close()

    # The district's manager finds the follow-up in the list.
    manager_context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    manager = manager_context.new_page()
    manager.base = base
    sign_in(manager, "manager")
    manager.goto(base + "/hall/follow-ups/")
    assert "A001" in manager.get_by_test_id("follow-ups").inner_text()
    manager_context.close()
