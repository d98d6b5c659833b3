"""The hall display in a real browser lists the last five calls, newest on top and largest, with their
windows, so a visitor who looked away still finds their number; it updates by itself as calls come."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import DESKTOP
from shebao.core.models import Role
from shebao.hall.models import ServiceCategory, Window
from shebao.hall.services import call_next, ticket_finish, ticket_start, ticket_take
from shebao.testing import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_display_shows_the_last_five_calls_newest_first_and_follows_new_calls(
    chromium, live_server, cast, monkeypatch
):
    clock = {"now": WEDNESDAY}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    outlet = cast.yuzhong_hall
    pension = ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
    windows = [Window.objects.create(outlet=outlet, number=n) for n in (1, 2)]
    for w in windows:
        w.categories.add(pension)
    teller = make_staff("hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=outlet)
    for _ in range(7):
        ticket_take(outlet=outlet, category_code="pension")

    def serve(window):
        """Call at `window` and take the visitor in: the call is over, the display keeps it listed."""
        clock["now"] += timedelta(minutes=1)
        ticket = call_next(user=teller, window=window)
        ticket_start(user=teller, ticket=ticket)
        return ticket

    for i in range(6):  # A001-A006, windows 1 and 2 in turn
        ticket_finish(user=teller, ticket=serve(windows[i % 2]))
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/hall/{outlet.code}/display/")

    calls = page.get_by_test_id("calling")
    expect(calls).to_have_count(5)
    expect(calls.first).to_contain_text("A006")
    expect(calls.first).to_contain_text("2号窗口")
    expect(calls.nth(4)).to_contain_text("A002")
    expect(calls.first).to_have_class("latest")

    serve(windows[0])  # A007
    expect(calls.first).to_contain_text("A007", timeout=10_000)
    expect(calls.first).to_contain_text("1号窗口")
    expect(calls).to_have_count(5)
    expect(calls.nth(1)).to_contain_text("A006")
    context.close()
