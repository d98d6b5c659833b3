"""The place in line on the citizen's phone counts the tickets that will really be called first: at a hall
whose one window serves every business, a ticket of another business taken earlier is ahead too; the
number goes down by itself as others are called, and an elderly visitor who comes later goes ahead."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shebao.core.models import Role
from shebao.hall.models import ServiceCategory, Window
from shebao.hall.services import call_next, ticket_take
from shebao.network.models import OpeningHours
from shebao.testing import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ELDER = "500103195303071224"  # born 1953: 73 on that day


def test_the_place_in_line_counts_who_is_really_called_first_and_follows_the_calls(
    phone_page, cast, monkeypatch
):
    clock = {"now": WEDNESDAY}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    def later(minutes=1):
        clock["now"] += timedelta(minutes=minutes)
        return clock["now"]

    outlet = cast.yuzhong_hall
    OpeningHours.objects.bulk_create(
        [OpeningHours(outlet=outlet, day=d, opens=time(9), closes=time(17)) for d in range(5)]
    )
    ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
    ServiceCategory.objects.create(outlet=outlet, code="reg", name="参保登记", prefix="B")
    window = Window.objects.create(outlet=outlet, number=1, comprehensive=True)
    teller = make_staff("hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=outlet)
    ticket_take(outlet=outlet, category_code="reg", now=later())
    ticket_take(outlet=outlet, category_code="pension", now=later())
    later()
    page = phone_page

    page.goto(f"{page.base}/hall/{outlet.code}/take/")
    page.get_by_label("养老待遇").check()
    page.get_by_test_id("take-ticket").click()
    expect(page.get_by_test_id("ticket-number")).to_have_text("A002")
    ahead = page.get_by_test_id("ahead")
    expect(ahead).to_have_text("2")  # B001 and A001, both called first at the one window

    call_next(user=teller, window=window, now=later())  # B001
    expect(ahead).to_have_text("1", timeout=15_000)  # the page refreshes by itself

    ticket_take(outlet=outlet, category_code="pension", doc_number=ELDER, now=later())
    expect(ahead).to_have_text("2", timeout=15_000)  # the elderly visitor goes ahead
