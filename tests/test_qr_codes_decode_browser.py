"""Every QR code the product shows or prints decodes at the size it is shown: the page is rendered in a
real browser, the code is photographed (a screenshot of the element) and read by a real decoder
(zxing-cpp). The pages that carry one pass axe-core with no serious violation."""

import io

import pytest
import zxingcpp
from PIL import Image

from conftest import serious_accessibility_violations
from shebao.cases.tests.helpers import make_world, pin_day
from tests.test_cases_journey import MOTHER, staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    return make_world(cast)


def decoded_qr(page, selector: str) -> list[str]:
    """What a phone camera would read from the code as drawn on the screen (or paper) at its size."""
    element = page.locator(selector)
    element.scroll_into_view_if_needed()
    image = Image.open(io.BytesIO(element.screenshot()))
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def start_accepting(teller, base):
    teller.goto(base + "/cases/accept/")
    teller.fill("[data-testid=doc]", MOTHER)
    teller.press("[data-testid=doc]", "Enter")
    teller.fill("[data-testid=item-search]", "失业")
    teller.press("[data-testid=item-search]", "Enter")
    teller.click("[data-testid=choose-T-UNE]")


def test_the_receipt_qr_opens_the_tracking_page(chromium, live_server, world):
    base = live_server.url
    teller = staff_page(chromium, base, "teller")
    start_accepting(teller, base)
    teller.check("[data-testid=received-resident_id_card]")
    teller.check("[data-testid=received-unemployment_registration]")
    teller.click("[data-testid=accept]")
    number = teller.inner_text("[data-testid=case-number]").strip()
    assert decoded_qr(teller, ".qr") == [f"{base}/cases/track/?number={number}"]
    assert serious_accessibility_violations(teller) == []


def test_the_one_time_notice_qr_opens_the_guide(chromium, live_server, world):
    base = live_server.url
    teller = staff_page(chromium, base, "teller")
    start_accepting(teller, base)
    teller.check("[data-testid=received-resident_id_card]")  # the registration proof is missing
    teller.click("[data-testid=accept]")
    assert decoded_qr(teller, ".qr") == [f"{base}/catalog/items/T-UNE/"]
    assert serious_accessibility_violations(teller) == []


def test_the_guide_the_hall_poster_and_the_outlet_plaque_qr_codes_decode(browser_page, world):
    page, base = browser_page, browser_page.base
    hall = world.cast.yuzhong_hall
    page.goto(f"{base}/catalog/items/T-UNE/")
    assert decoded_qr(page, "[data-testid=qr]") == [f"{base}/catalog/items/T-UNE/"]
    page.goto(f"{base}/hall/{hall.code}/poster/")
    assert decoded_qr(page, ".poster-qr svg") == [f"{base}/hall/{hall.code}/take/"]
    page.goto(f"{base}/outlets/{hall.code}/plaque/")
    assert len(decoded_qr(page, ".poster-qr svg")) == 1


def test_the_home_visits_code_for_the_handheld_decodes_to_the_visit(chromium, live_server, cast):
    """The postman's handheld scans the visit's code from his phone and signs it with the certification."""
    from shebao.core.models import StaffProfile
    from shebao.hall.models import HomeVisit

    teller = StaffProfile.objects.get(user__username="teller")
    visit = HomeVisit.objects.create(
        person_name="李秀英", doc_type="resident_id", doc_number=MOTHER, person=cast.person,
        phone="13812345678", address="重庆市江北区观音桥", district=teller.outlet.agency,
        need="certification", channel="phone_call", requester_relation="self",
        state="assigned", assigned_to=teller, outlet=teller.outlet,
    )  # fmt: skip
    page = staff_page(chromium, live_server.url, "teller")
    page.goto(f"{live_server.url}/hall/home-visits/{visit.pk}/")
    assert decoded_qr(page, "[data-testid=handheld-code] .qr") == [visit.token]
    assert serious_accessibility_violations(page) == []
