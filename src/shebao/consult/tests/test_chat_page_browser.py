"""The chat page in a real browser at phone width in large type (长辈版): a typed question and a suggested
one are answered in place (HTMX), each below the last, the box emptied for the next; a question the base
cannot answer says so and offers a person; nothing is wider than the phone and axe finds nothing serious."""

import pytest
from playwright.sync_api import expect

from conftest import serious_accessibility_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("knowledge_base"),
]


def test_an_elder_asks_on_a_phone_in_large_type(phone_page):
    page = phone_page
    page.goto(f"{page.base}/consult/ask/")
    page.click("[data-testid=elder-toggle]")
    expect(page.locator("html")).to_have_class("elder")
    # The switch reloads the page: html.elder is there from the first bytes, htmx only once the page has
    # loaded. A question asked before that goes the plain way, to a page of its own (not answered in place).
    page.wait_for_load_state()
    page.fill("#ask-q", "养老钱每个月几号到账")
    page.click("[data-testid=ask]")
    answer = page.locator("[data-testid=answer]")
    expect(answer).to_have_count(1)
    expect(answer).to_have_attribute("data-key", "pension.pay_day")
    assert page.url.endswith("/consult/ask/")  # answered in place
    expect(page.locator("#ask-q")).to_have_value("")
    page.locator("[data-testid=suggested]").first.click()
    expect(page.locator("[data-testid=exchange]")).to_have_count(2)
    page.fill("#ask-q", "驾照到期了怎么换证")
    page.click("[data-testid=ask]")
    expect(page.locator("[data-testid=unsure]")).to_have_count(1)
    expect(page.locator("[data-testid=hand-over]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    tap = page.locator("[data-testid=ask]").bounding_box()
    assert tap["height"] >= 60  # the large-type tap target
    assert serious_accessibility_violations(page) == []
    page.click("[data-testid=hand-over]")
    page.wait_for_url("**/my/sign-in/**")
    assert "consult%2Fask" in page.url  # and back to the question after signing in


def test_a_shared_location_brings_the_nearest_point_that_handles_the_item(chromium, live_server, cast):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        geolocation={"latitude": 29.5567, "longitude": 106.5689},  # at the Yuzhong hall
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/consult/ask/")
        page.click("#locate")
        expect(page.locator("#locate-status")).not_to_be_empty()
        page.fill("#ask-q", "社保卡丢了怎么办")
        page.click("[data-testid=ask]")
        expect(page.locator("[data-testid=answer-link-outlet]")).to_have_text(cast.yuzhong_hall.name)
        expect(page.locator("#ask-q")).to_have_value("")
        assert page.input_value("#lat") == "29.556700"  # kept for the next question
    finally:
        context.close()
