"""The application form on a phone in large type (issue 14): a citizen fills in the item's form (a date
picker, a choice, her bank account) beside the photos, a wrong answer comes back marked with what she typed
kept, and the corrected application is sent; no serious accessibility problem on the way."""

import pytest
from playwright.sync_api import expect

from conftest import journey_screen, serious_accessibility_violations
from shebao.cases.models import OnlineApplication
from shebao.cases.tests.helpers import PDF
from tests.test_cases_journey import MOTHER, citizen_page, citizen_sign_in
from tests.test_cases_online_browser import world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FORM = [
    {"key": "leaving_date", "label": "离职日期", "kind": "date"},
    {"key": "leaving_reason", "label": "离职原因", "kind": "choice",
     "choices": ["劳动合同期满终止", "用人单位解除劳动合同"]},
    {"key": "bank_account", "label": "银行账号", "kind": "bank_account", "help": "本人名下的借记卡"},
]  # fmt: skip


def test_a_citizen_fills_in_the_form_on_her_phone(chromium, live_server, world, tmp_path):  # noqa: F811
    version = world.unemployment.versions.get()
    version.form_fields = FORM
    version.save(update_fields=["form_fields"])
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    page = citizen_page(chromium)
    page.context.add_cookies([{"name": "shebao_elder", "value": "1", "url": live_server.url}])
    citizen_sign_in(page, live_server.url, MOTHER)
    page.goto(live_server.url + "/cases/apply/T-UNE/")
    assert serious_accessibility_violations(page) == []
    page.fill("[data-testid=form-leaving_date]", "2026-11-02")
    page.select_option("[data-testid=form-leaving_reason]", "用人单位解除劳动合同")
    page.fill("[data-testid=form-bank_account]", "6222 0210")  # too short
    for key in ("resident_id_card", "unemployment_registration"):
        page.set_input_files(f"[data-testid=online-file-{key}]", str(scan))
    page.click("[data-testid=online-submit]")
    error = page.locator("#form_bank_account-error")
    expect(error).to_be_visible()  # the page comes back with the mark (it may still be arriving: wait)
    assert page.get_attribute("[data-testid=form-bank_account]", "aria-invalid") == "true"
    assert page.input_value("[data-testid=form-leaving_date]") == "2026-11-02"  # kept
    assert serious_accessibility_violations(page) == []
    page.fill("[data-testid=form-bank_account]", "6222 0210 0112 3456 789")
    journey_screen(page, "1-citizen-applies")
    for key in ("resident_id_card", "unemployment_registration"):  # a browser never keeps chosen files
        page.set_input_files(f"[data-testid=online-file-{key}]", str(scan))
    page.click("[data-testid=online-submit]")
    page.wait_for_selector("[data-testid=online-reference]")
    assert OnlineApplication.objects.get().form_data == {
        "leaving_date": "2026-11-02", "leaving_reason": "用人单位解除劳动合同",
        "bank_account": "6222021001123456789",
    }  # fmt: skip
    assert "6789" in page.inner_text("[data-testid=form-answers]")
