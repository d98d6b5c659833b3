"""Under the Content-Security-Policy (no inline script, no style attribute), the pages with the most script
work in Chromium with no violation: the base layout, the outlet map (Leaflet, clustered points), the hall's
display (htmx refreshes), the scan viewer (zoom and turn, a PDF in a frame), the printable receipt, the chat
page (answers in place) and the home-visit request (scripts moved to static files)."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import DESKTOP, sign_in_page
from shebao.cases import services
from shebao.cases.tests.helpers import PDF, make_world, new_key, pin_day
from shebao.cases.uploads import check_scan
from shebao.network.models import Settlement
from shebao.network.tests.helpers import make_items, small_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before the page's scripts, so it hears every violation the page causes (reported as an event even
# when the console message is worded differently by another Chromium).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push([e.violatedDirective, e.blockedURI || "inline", e.sourceFile].join(" "));
});
"""


@pytest.fixture
def world(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    return make_world(cast)


@pytest.fixture
def watched(chromium, live_server):
    """A page that records CSP violations from its console and from the violation event."""
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    page.console_violations = []
    page.on(
        "console",
        lambda m: page.console_violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(LISTEN)
    yield page
    context.close()


def visit(page, path: str) -> None:
    """Open the page, which must come under the policy (else no violation would prove anything)."""
    response = page.goto(page.base + path)
    assert "script-src 'self'" in response.headers["content-security-policy"], path


def violations(page) -> list[str]:
    return page.console_violations + page.evaluate("window.__violations")


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(out, format="JPEG")
    return out.getvalue()


def test_the_base_layout_and_the_outlet_maps_have_no_violation(watched, cast):
    make_items()
    small_network(cast)
    Settlement.objects.create(
        code="S-FAR",
        name="远处村",
        agency=cast.yuzhong,
        population=800,
        urban=False,
        latitude=29.75,
        longitude=106.8,
    )
    page = watched
    visit(page, "/")
    expect(page.locator("main")).to_be_visible()
    assert page.evaluate("typeof htmx") == "object"
    assert violations(page) == []
    visit(page, "/outlets/?lat=29.5754&lng=106.5322")
    expect(page.locator(".leaflet-container")).to_be_visible()
    page.wait_for_selector("#outlet-map .num-marker, #outlet-map .marker-cluster")
    assert violations(page) == []
    sign_in_page(page, cast.manager)  # the coverage map draws the district outlines it fetches
    visit(page, "/outlets/coverage/")
    page.wait_for_selector("#outlet-map path.district-outline")
    assert violations(page) == []


def test_the_hall_display_refreshes_with_no_violation(watched, cast):
    page = watched
    page.add_init_script(
        "window.__settled = 0;"
        'document.addEventListener("htmx:afterSettle", () => { window.__settled += 1; });'
    )
    visit(page, f"/hall/{cast.yuzhong_hall.code}/display/")
    page.wait_for_function("() => window.__settled > 0", timeout=15_000)
    assert violations(page) == []


def test_the_scan_viewer_the_receipt_and_the_home_visit_request_have_no_violation(watched, world):
    case = services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration"},
        scans=[
            check_scan("resident_id_card", "身份证.jpg", photo()),
            check_scan("unemployment_registration", "登记.pdf", PDF),
        ],
        idempotency_key=new_key(),
    ).case
    page = watched
    sign_in_page(page, world.cast.reviewer)
    visit(page, f"/cases/{case.number}/")
    viewer = page.get_by_test_id("scan-resident_id_card")
    image = viewer.locator("img")
    expect(image).to_be_visible()
    viewer.get_by_test_id("scan-rotate").click()
    expect(image).to_have_attribute("style", "transform: scale(1) rotate(90deg);")
    expect(page.get_by_test_id("scan-unemployment_registration").locator("iframe")).to_be_visible()
    # The PDF opens in its frame although it is served in a sandbox (Chromium's viewer works there).
    pdf_url = f"/scans/{case.scans.get(material_key='unemployment_registration').pk}/"
    frame = (
        page.get_by_test_id("scan-unemployment_registration")
        .locator("iframe")
        .element_handle()
        .content_frame()
    )
    frame.wait_for_load_state()
    assert frame.url.endswith(pdf_url)
    assert violations(page) == []

    sign_in_page(page, world.cast.teller)
    visit(page, f"/cases/{case.number}/receipt/")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.locator("[data-print]").click()
    assert page.evaluate("window.__printed") is True
    assert violations(page) == []

    page.context.grant_permissions(["geolocation"], origin=page.base)
    page.context.set_geolocation({"latitude": 29.5571, "longitude": 106.5772})
    visit(page, "/hall/home-visits/request/")
    page.locator("#locate").click()
    expect(page.locator("#locate-status")).not_to_be_empty()
    assert page.locator("#lat").input_value() == "29.557100"
    assert violations(page) == []


def test_the_chat_page_answers_in_place_with_no_violation(watched, cast):
    from shebao.catalog import demo
    from shebao.consult import services

    demo.seed()
    services.knowledge_load()
    page = watched
    visit(page, "/consult/ask/")
    page.fill("#ask-q", "社保卡丢了怎么办")
    page.click("[data-testid=ask]")
    expect(page.locator("[data-testid=answer]")).to_have_count(1)
    expect(page.locator("#ask-q")).to_have_value("")  # the page's own script ran
    assert violations(page) == []
