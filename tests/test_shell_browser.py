"""The shell in a real browser: sign-in, languages, large type, refusal, accessibility, phone width."""

import pytest

from conftest import serious_accessibility_violations
from shebao.testing import CAST_PASSWORD, under_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username):
    page.goto(page.base + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", CAST_PASSWORD)
    page.click("button[type=submit].primary")


def test_a_teller_signs_in_sees_chinese_then_switches_to_english_and_large_type(browser_page, cast):
    page = browser_page
    sign_in(page, "teller")
    assert page.url.endswith("/staff/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text() == "工作台"
    assert "王柜员" in page.get_by_test_id("staff-identity").inner_text()

    page.click("button[name=language][value=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Workbench"

    page.get_by_test_id("elder-toggle").click()
    assert "elder" in page.locator("html").get_attribute("class")
    page.wait_for_load_state()  # the reloaded page whole, styled, before measuring it
    body_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert body_px >= 18
    line_height = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('main p'));"
        " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })()"
    )
    assert line_height >= 1.3
    smallest_button = page.evaluate(
        "Math.min(...[...document.querySelectorAll('main .button, main button, header button')]"
        ".map(b => b.getBoundingClientRect().height))"
    )
    assert smallest_button >= 60
    assert serious_accessibility_violations(page) == []


def test_the_outsider_is_refused_the_persons_page_with_a_clear_message(browser_page, cast):
    page = browser_page
    sign_in(page, "outsider")
    response = page.goto(page.base + f"/staff/persons/{cast.person.pk}/")
    assert response.status == 403
    assert page.get_by_test_id("error-message").inner_text() == "您无权进行此操作。"
    assert "500103" not in page.content()


def test_a_teller_finds_a_person_by_number_and_the_page_shows_it_masked(browser_page, cast):
    under_agreement(cast)  # the bank point's teller reads persons under its agreement in force only
    page = browser_page
    sign_in(page, "teller")
    page.goto(page.base + "/staff/persons/")
    page.fill("#q", "500103195303071224")
    page.click("main button[type=submit]")
    page.get_by_role("link", name="查看").click()
    assert page.get_by_test_id("document-number").inner_text() == "500103********1224"
    assert "500103195303071224" not in page.content()
    assert serious_accessibility_violations(page) == []


@pytest.mark.parametrize("path", ["/", "/ids/check/", "/staff/login/"])
def test_public_pages_fit_a_phone_in_large_type_and_pass_the_accessibility_scan(phone_page, path):
    page = phone_page
    page.goto(page.base + path)
    page.get_by_test_id("elder-toggle").click()
    assert "elder" in page.locator("html").get_attribute("class")
    page.wait_for_load_state()  # the reloaded page whole, styled, before measuring it
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_accessibility_violations(page) == []


def test_the_document_check_page_explains_a_wrong_number_in_chinese(phone_page):
    page = phone_page
    page.goto(page.base + "/ids/check/")
    page.select_option("#id_doc_type", "resident_id")
    page.fill("#id_number", "110105194912310021")
    page.click("main button[type=submit]")
    message = page.get_by_test_id("id-invalid")
    message.wait_for()
    assert "校验" in message.inner_text()
