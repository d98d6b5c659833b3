"""At phone width a citizen opens an item's guide, downloads the one-page PDF, and the QR code printed
on it (read by a real decoder) opens the same page; the page passes axe-core and works in large type."""

import io
import pathlib

import pypdfium2
import pytest
import zxingcpp

from conftest import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue():
    from shebao.catalog import demo

    demo.seed()


def test_the_pdf_guide_has_a_qr_code_that_opens_the_same_page(phone_page, catalogue):
    page = phone_page
    page.goto(f"{page.base}/catalog/items/SUR001/")
    assert page.locator("h1").inner_text() == "丧葬补助金和抚恤金申领"
    with page.expect_download() as info:
        page.click("[data-testid=pdf]")
    data = pathlib.Path(info.value.path()).read_bytes()
    pdf = pypdfium2.PdfDocument(io.BytesIO(data))
    assert len(pdf) == 1  # one A4 page
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)
    image = pdf[0].render(scale=2).to_pil()
    decoded = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert decoded == [f"{page.base}/catalog/items/SUR001/"]
    text = pdf[0].get_textpage().get_text_range()
    assert "丧葬补助金和抚恤金申领" in text and "死亡证明" in text


def test_the_item_page_passes_axe_and_works_in_large_type(phone_page, catalogue):
    page = phone_page
    page.goto(f"{page.base}/catalog/items/PEN001/")
    assert page.locator("[data-testid=materials] tr[data-key=resident_id_card]").count() == 1
    assert serious_accessibility_violations(page) == []
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.click("[data-testid=elder-toggle]")
    page.wait_for_selector("html.elder")
    page.wait_for_load_state()  # html.elder comes with the first bytes; the rest and the styles later
    assert page.url.endswith("/catalog/items/PEN001/")
    large = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large >= 22 > normal
    assert page.locator("[data-testid=pdf]").bounding_box()["height"] >= 60
    no_overflow = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_overflow
    assert serious_accessibility_violations(page) == []


def test_a_citizen_types_pinyin_and_finds_the_item(phone_page, catalogue):
    page = phone_page
    page.goto(f"{page.base}/catalog/")
    page.fill("#q", "tuixiu")
    page.click("[data-testid=search]")
    first = page.locator("[data-testid=results] li").first
    first.wait_for()
    assert first.get_attribute("data-code") == "PEN001"
    first.locator("a").click()
    page.wait_for_url("**/catalog/items/PEN001/")


def test_a_bundle_guide_prints_on_one_page_with_a_qr_code_to_itself(phone_page, catalogue):
    page = phone_page
    page.goto(f"{page.base}/catalog/bundles/staff-changes/")  # the largest bundle: 14 items
    assert page.locator("[data-testid=materials] tr[data-key=resident_id_card]").count() == 1
    with page.expect_download() as info:
        page.click("[data-testid=pdf]")
    pdf = pypdfium2.PdfDocument(io.BytesIO(pathlib.Path(info.value.path()).read_bytes()))
    assert len(pdf) == 1
    image = pdf[0].render(scale=2).to_pil()
    decoded = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert decoded == [f"{page.base}/catalog/bundles/staff-changes/"]
    assert serious_accessibility_violations(page) == []


def test_every_catalogue_page_fits_a_phone_in_large_type(phone_page, catalogue):
    page = phone_page
    page.goto(f"{page.base}/catalog/")
    page.click("[data-testid=elder-toggle]")
    page.wait_for_selector("html.elder")
    for path in [
        "/catalog/",
        "/catalog/?q=tuixiu",
        "/catalog/items/SUR001/",
        "/catalog/items/SUR001/notice/",
        "/catalog/bundles/death-employee/",
        "/catalog/wizard/?who=relative&event=death&bundle=death-employee",
    ]:
        page.goto(page.base + path)
        page.wait_for_selector("html.elder")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    # On a phone the materials are one block each, their form and need labelled, and no QR code to scan.
    page.goto(f"{page.base}/catalog/items/SUR001/")
    row = page.locator("[data-testid=materials] tr[data-key=death_certificate]")
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    assert not page.locator("[data-testid=qr]").is_visible()
    assert serious_accessibility_violations(page) == []


def test_the_front_page_lists_the_most_used_items_and_folds_the_categories(browser_page, catalogue):
    page = browser_page
    page.goto(f"{page.base}/catalog/")
    assert page.locator("[data-testid=popular] li").first.get_attribute("data-code") == "REC001"
    assert page.locator("[data-testid=bundles] li").count() == 16
    first_card = page.locator("details.category li[data-code=CARD001]")
    assert not first_card.is_visible()  # folded until opened
    page.locator("details.category", has=page.locator("li[data-code=CARD001]")).locator("summary").click()
    first_card.wait_for(state="visible")
    assert serious_accessibility_violations(page) == []
