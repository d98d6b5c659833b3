"""The rating pad on the counter is a kiosk, in a real browser on a tablet: no site menu, no footer, no
link anywhere, nothing to press but the rating itself, in large targets; after the rating it thanks the
visitor and still offers nothing else."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import serious_accessibility_violations
from shebao.core.models import Role
from shebao.hall.models import ServiceCategory, Window
from shebao.hall.services import call_next, ticket_finish, ticket_start, ticket_take
from shebao.testing import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TABLET = {"width": 800, "height": 1280}
# Everything a finger could press outside the rating form.
ELSEWHERE = "a, button:not(.rating-form *), input:not(.rating-form *), select, header, nav, footer"


def test_the_rating_pad_offers_nothing_but_the_rating_in_large_targets(
    chromium, live_server, cast, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY)
    outlet = cast.yuzhong_hall
    pension = ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
    window = Window.objects.create(outlet=outlet, number=1)
    window.categories.add(pension)
    teller = make_staff("hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=outlet)
    ticket_take(outlet=outlet, category_code="pension")
    ticket = call_next(user=teller, window=window)
    ticket_start(user=teller, ticket=ticket)
    ticket_finish(user=teller, ticket=ticket)
    context = chromium.new_context(viewport=TABLET, locale="zh-CN", has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/hall/pad/{window.pad_token}/")

    expect(page.get_by_test_id("rating-form")).to_be_visible()
    expect(page.locator(ELSEWHERE)).to_have_count(0)
    for level in page.locator("label.choice").all()[:5]:
        assert level.bounding_box()["height"] >= 60
    assert page.get_by_test_id("submit-rating").bounding_box()["height"] >= 60
    assert serious_accessibility_violations(page) == []

    page.locator("input[name=level][value='5']").check()
    page.get_by_test_id("submit-rating").click()
    expect(page.get_by_test_id("pad-thanks")).to_be_visible()
    expect(page.locator(ELSEWHERE)).to_have_count(0)
    context.close()
