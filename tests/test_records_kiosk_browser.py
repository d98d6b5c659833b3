"""The 24-hour self-service kiosk in a real browser: a person signs in with their number and texted code
and prints a proof; left idle, the screen clears itself and the server session ends; the next person at
the same kiosk never sees anything of the first."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from shebao.people.models import InsuranceRecord
from shebao.people.tests.citizen_helpers import last_code, person_with_phone
from shebao.records.tests.helpers import CAST_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECOND_ID, SECOND_PHONE = "500103198005151238", "13900001111"
KIOSK = {"width": 1080, "height": 1920}


def sign_in(page, base, number, phone):
    page.goto(f"{base}/records/kiosk/")
    page.fill("[data-testid=kiosk-number]", number)  # an ID-card reader types it, then Enter
    page.press("[data-testid=kiosk-number]", "Enter")
    page.fill("[data-testid=kiosk-code]", last_code(phone))
    page.click("[data-testid=kiosk-sign-in]")
    expect(page.locator("[data-testid=kiosk-person]")).to_be_visible()


def test_the_kiosk_clears_itself_and_the_next_person_sees_nothing_of_the_first(
    chromium, live_server, cast, settings
):
    settings.SHEBAO["KIOSK_IDLE_SECONDS"] = 3
    second = person_with_phone("王建国", SECOND_ID, SECOND_PHONE)
    InsuranceRecord.objects.create(
        person=second, insurance_type="employee_pension", home_agency=cast.yuzhong, start_date="2010-01-01"
    )
    first_name = cast.person.masked_name
    context = chromium.new_context(viewport=KIOSK, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server.url, CAST_ID, "13812345678")
    expect(page.locator("[data-testid=kiosk-person]")).to_contain_text(first_name)
    page.click("[data-testid=kiosk-kind-pension_proof]")
    expect(page.locator("[data-testid=kiosk-print]")).to_be_attached()
    first_pdf = page.locator("[data-testid=kiosk-print]").get_attribute("src")

    # Nobody touches it: back to the empty first step, and the server session is gone too.
    expect(page.locator("[data-testid=kiosk]")).to_have_attribute("data-step", "number", timeout=15000)
    assert first_name not in page.content() and CAST_ID not in page.content()
    assert page.input_value("[data-testid=kiosk-number]") == ""
    assert page.request.get(live_server.url + first_pdf).status == 404
    page.goto(f"{live_server.url}/records/kiosk/choose/")
    expect(page.locator("[data-testid=kiosk]")).to_have_attribute("data-step", "number")

    sign_in(page, live_server.url, SECOND_ID, SECOND_PHONE)
    page.click("[data-testid=kiosk-kind-statement]")
    expect(page.locator("[data-testid=kiosk-print]")).to_be_attached()
    html = page.content()
    assert second.masked_name in html and first_name not in html and first_pdf not in html
    assert page.request.get(live_server.url + first_pdf).status == 404
    # The back button finds no copy of an earlier screen (no-store): the browser can only ask again.
    for _ in range(3):
        try:
            page.go_back()
        except PlaywrightError as error:
            assert "ERR_CACHE_MISS" in str(error)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert first_name not in page.content() and CAST_ID not in page.content()
    context.close()
