"""At phone width, a citizen who scanned a place's QR code picks a service and finds the nearest point
that can handle it, with navigation links carrying the coordinates each map app expects."""

from urllib.parse import parse_qs, urlparse

import pytest

from conftest import serious_accessibility_violations
from shebao.network.mapcoords import wgs84_to_bd09, wgs84_to_gcj02
from shebao.network.tests.helpers import make_items, small_network

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

    page.select_option("#item", "EMP-REG")  # premium only: the bank point (basic) cannot take it
    page.click("[data-testid=search]")
    page.wait_for_url("**item=EMP-REG**")
    first = page.locator("[data-testid=results] li").first
    assert first.get_attribute("data-code") == "CQ-YZ-H001"
    assert first.locator("[data-testid=accepts]").is_visible()
    assert "km" in first.locator("[data-testid=distance]").inner_text()

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
    assert errors == []


def test_bad_coordinates_in_a_qr_link_show_a_clear_error(phone_page, network):
    page = phone_page
    response = page.goto(f"{page.base}/outlets/?lat=95&lng=106.5")
    assert response.status == 422
    assert page.locator("[data-testid=finder-error]").is_visible()
