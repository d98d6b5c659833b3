"""The teller's window page in a real browser: it says which businesses the window serves, and offers
未到 (did not come) only once the ticket has been called as often as the rule asks; before that it says
which call this is, so the teller is never offered a button that is then refused."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import DESKTOP, serious_accessibility_violations, sign_in_page
from shebao.core.models import Role
from shebao.hall.models import ServiceCategory, Ticket, Window
from shebao.hall.services import ticket_take
from shebao.testing import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_did_not_come_is_offered_only_after_the_third_call_and_the_page_names_its_businesses(
    chromium, live_server, cast, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY)
    outlet = cast.yuzhong_hall
    pension = ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
    medical = ServiceCategory.objects.create(outlet=outlet, code="medical", name="医疗报销", prefix="C")
    ServiceCategory.objects.create(outlet=outlet, code="reg", name="参保登记", prefix="B")
    window = Window.objects.create(outlet=outlet, number=2)
    window.categories.add(pension, medical)
    teller = make_staff("hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=outlet)
    ticket_take(outlet=outlet, category_code="pension")
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    sign_in_page(page, teller)
    page.goto(f"{live_server.url}/hall/windows/{window.pk}/")

    serves = page.get_by_test_id("window-serves")
    expect(serves).to_contain_text("A 养老待遇")
    expect(serves).to_contain_text("C 医疗报销")
    expect(serves).not_to_contain_text("参保登记")

    page.get_by_test_id("call-next").click()
    for call in (1, 2):
        expect(page.get_by_test_id("call-round")).to_contain_text(f"第{call}次呼叫")
        expect(page.get_by_test_id("no-show")).to_have_count(0)
        page.get_by_test_id("recall").click()
    # The third call's page: its 未到 first (a count of 0 would also hold for a page still arriving).
    expect(page.get_by_test_id("no-show")).to_be_visible()
    expect(page.get_by_test_id("call-round")).to_have_count(0)
    assert serious_accessibility_violations(page) == []
    page.get_by_test_id("no-show").click()
    expect(page.get_by_test_id("call-next")).to_be_visible()
    assert Ticket.objects.get().state == "no_show"
    context.close()
