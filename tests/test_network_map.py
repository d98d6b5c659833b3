"""At phone width, a citizen who scanned a place's QR code picks a service and finds the nearest point
that can handle it, with navigation links carrying the coordinates each map app expects."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from conftest import journey_screen, serious_accessibility_violations
from shebao.network.mapcoords import wgs84_to_bd09, wgs84_to_gcj02
from shebao.network.models import Settlement
from shebao.network.tests.helpers import make_items, small_network
from shebao.testing import CAST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network(cast):
    make_items()
    small_network(cast)
    return cast


def test_a_citizen_finds_the_nearest_point_for_an_item_and_gets_navigation_links(phone_page, network):
    page = phone_page
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{page.base}/outlets/?lat=29.5754&lng=106.5322")  # the QR code at the bank point
    first = page.locator("[data-testid=results] li").first
    assert first.get_attribute("data-code") == "CQ-JB-B001"

    # The results come first; the search folds away until the citizen opens it.
    assert not page.locator("#item").is_visible()
    page.locator("[data-testid=finder] summary").click()
    page.select_option("#item", "EMP-REG")  # premium only: the bank point (basic) cannot take it
    page.click("[data-testid=search]")
    page.wait_for_url("**item=EMP-REG**")
    first = page.locator("[data-testid=results] li").first
    assert first.get_attribute("data-code") == "CQ-YZ-H001"
    assert first.locator("[data-testid=accepts]").is_visible()
    assert "公里" in first.locator("[data-testid=distance]").inner_text()  # zh-hans units

    g_lat, g_lng = wgs84_to_gcj02(29.5567, 106.5689)
    b_lat, b_lng = wgs84_to_bd09(29.5567, 106.5689)
    amap = parse_qs(urlparse(first.locator("[data-testid=nav-amap]").get_attribute("href")).query)
    baidu = parse_qs(urlparse(first.locator("[data-testid=nav-baidu]").get_attribute("href")).query)
    tencent = first.locator("[data-testid=nav-tencent]").get_attribute("href")
    assert amap["position"] == [f"{g_lng:.6f},{g_lat:.6f}"]
    assert baidu["location"] == [f"{b_lat:.6f},{b_lng:.6f}"] and baidu["coord_type"] == ["bd09ll"]
    assert tencent.startswith(
        "https://apis.map.qq.com/uri/v1/marker?marker=coord:" + f"{g_lat:.6f},{g_lng:.6f}"
    )
    # The map drew the numbered points without any tiles.
    page.wait_for_selector("#outlet-map .num-marker, #outlet-map .marker-cluster", timeout=5000)
    assert serious_accessibility_violations(page) == []
    journey_screen(page, "1-citizen-finds")
    assert errors == []


def test_a_place_typed_before_the_page_script_has_loaded_is_searched_not_the_qr_point(phone_page, network):
    """On a slow phone the search form is on screen before the map's script has arrived, and that script
    was what dropped the QR code's coordinates once a place is typed: a search then must still be from
    the typed place, not quietly from the QR point again."""
    page = phone_page
    held = []  # the map's script, held back as a slow network would
    page.route("**/network/outlet-map.js", lambda route: held.append(route))
    page.goto(f"{page.base}/outlets/?lat=29.5754&lng=106.5322", wait_until="commit")  # the bank point's QR
    page.locator("[data-testid=finder] summary").click()
    page.fill("#place", "解放碑")  # the village point's name, far from the bank
    page.click("[data-testid=search]")
    page.wait_for_url("**place=**", wait_until="commit")  # the new page waits for the held script too
    expect(page.get_by_test_id("listing")).to_contain_text("解放碑")
    # The page never finishes loading here (the script is held), and the list, further down, may still be
    # arriving when the heading above it is there: wait for the page's last part, the footer.
    expect(page.locator(".site-footer")).to_be_attached()
    codes = page.locator("[data-testid=results] li").evaluate_all("items => items.map(li => li.dataset.code)")
    assert codes == ["T-VILLAGE"]
    assert page.get_by_test_id("origin").count() == 0
    assert held  # the search above ran with the script still held back


def test_bad_coordinates_in_a_qr_link_show_a_clear_error(phone_page, network):
    page = phone_page
    response = page.goto(f"{page.base}/outlets/?lat=95&lng=106.5")
    assert response.status == 422
    assert page.locator("[data-testid=finder-error]").is_visible()


def test_the_outlet_page_in_large_type_lists_hours_and_items_and_is_accessible(phone_page, network):
    page = phone_page
    page.goto(f"{page.base}/outlets/?lat=29.5754&lng=106.5322")
    page.get_by_test_id("elder-toggle").click()
    page.wait_for_selector("html.elder")
    page.locator("[data-testid=results] li h3 a").first.click()
    page.wait_for_url("**/outlets/CQ-JB-B001/")
    items = page.get_by_test_id("items").locator("li")
    expect(items).to_have_count(2)  # the agreement's scope within the basic tier
    expect(page.get_by_test_id("hours").locator("tr")).to_have_count(8)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the phone
    assert serious_accessibility_violations(page) == []


def test_a_manager_sees_coverage_and_where_to_open_points_at_phone_width(phone_page, network):
    Settlement.objects.create(
        code="S-NEAR",
        name="近处社区",
        agency=network.yuzhong,
        population=5000,
        urban=True,
        latitude=29.5570,
        longitude=106.5690,
    )
    Settlement.objects.create(
        code="S-FAR",
        name="远处村",
        agency=network.yuzhong,
        population=800,
        urban=False,
        latitude=29.75,
        longitude=106.80,
    )
    page = phone_page
    page.goto(f"{page.base}/staff/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", CAST_PASSWORD)
    page.click("button[type=submit].primary")
    page.goto(f"{page.base}/outlets/coverage/")
    expect(page.get_by_test_id("share")).to_contain_text("86.2%")  # 5,000 of 5,800 people
    expect(page.get_by_test_id("siting").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("siting")).to_contain_text("远处村")
    page.wait_for_selector("#outlet-map .num-marker")  # the proposed point, drawn without tiles
    # ... on the official outlines of the manager's districts, the map when no tile server is set
    page.wait_for_selector("#outlet-map path.district-outline")
    assert page.locator("#outlet-map path.district-outline").count() == 1  # the manager's district
    assert serious_accessibility_violations(page) == []
    journey_screen(page, "5-manager-plans-coverage")

    page.locator("details.finder summary").click()
    page.fill("#rural_km", "15")  # a wider rural circle
    page.get_by_role("button", name=re.compile("Recalculate|重新计算")).click()
    expect(page.get_by_test_id("share")).to_contain_text("86.2%")  # still 31 km away
    page.goto(f"{page.base}/outlets/coverage/?rural_km=99")
    expect(page.locator("#rural_km-error")).to_be_visible()
    assert page.locator("#rural_km").get_attribute("aria-invalid") == "true"


def test_use_my_location_searches_from_where_the_phone_is(chromium, live_server, network):
    from conftest import PHONE

    context = chromium.new_context(
        viewport=PHONE,
        locale="zh-CN",
        is_mobile=True,
        has_touch=True,
        geolocation={"latitude": 29.5580, "longitude": 106.5770},  # beside the village point
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/outlets/")
        page.get_by_test_id("locate").click()
        page.wait_for_url("**lat=29.558000**")
        codes = page.locator("[data-testid=results] li").evaluate_all(
            "items => items.map(li => li.dataset.code)"
        )
        assert codes == ["T-VILLAGE", "CQ-YZ-H001", "CQ-JB-B001"]
        assert "lng=106.577000" in page.url
    finally:
        context.close()
