"""The "what do I need" wizard, with HTMX and with JavaScript switched off."""

import pytest

from conftest import PHONE, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue():
    from shebao.catalog import demo

    demo.seed()


def _walk(page):
    page.click("a[href='?who=relative']")
    page.click("a[href*='event=death']")
    page.click("a[href*='bundle=death-employee']")
    result = page.locator("[data-testid=wizard-result]")
    result.wait_for()
    return result


def test_the_wizard_leads_a_relative_to_the_death_bundle_and_one_set_of_materials(phone_page, catalogue):
    page = phone_page
    page.goto(f"{page.base}/catalog/wizard/")
    result = _walk(page)
    assert result.locator("tr[data-key=resident_id_card]").count() == 1
    assert result.locator("tr[data-key=death_certificate]").count() == 1
    assert "bundle=death-employee" in page.url  # HTMX pushed the answers into the address
    assert serious_accessibility_violations(page) == []


def test_the_wizard_works_without_javascript(chromium, live_server, catalogue):
    context = chromium.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.base = live_server.url
    try:
        page.goto(f"{page.base}/catalog/wizard/")
        result = _walk(page)
        assert result.locator("tr[data-key=death_certificate]").count() == 1
    finally:
        context.close()
