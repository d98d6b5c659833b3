"""The manager's list of the points they look after has a map: each point of the page is a numbered
marker, numbered as in the table, drawn on the area's outlines."""

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, serious_accessibility_violations, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_managers_outlet_list_shows_its_points_on_a_map_numbered_as_in_the_table(
    chromium, live_server, cast
):
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in_page(page, cast.manager)
    page.goto(f"{live_server.url}/outlets/manage/")

    expect(page.get_by_test_id("overseen-map")).to_be_visible()
    markers = page.locator("#outlet-map .num-marker")
    expect(markers).to_have_count(1)
    expect(markers.first).to_have_text("1")
    row = page.get_by_test_id("overseen").locator("tbody tr").first
    expect(row.locator(".num")).to_have_text("1")
    expect(row).to_contain_text(cast.yuzhong_hall.name)
    assert errors == []
    assert serious_accessibility_violations(page) == []
    context.close()
