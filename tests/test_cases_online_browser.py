"""Online application, end to end in a real browser: a pensioner on her phone applies for an item offered
online and uploads photos of the materials; a teller at her home agency's hall opens the uploads and
accepts; she sees the case in My services. Large type and accessibility are checked on her pages."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from conftest import serious_accessibility_violations
from shebao.cases.models import Case, OnlineApplication, OnlineState
from shebao.cases.states import CaseState
from shebao.cases.tests.helpers import PDF, make_world, picture, pin_day
from shebao.core.models import Role
from shebao.testing import make_staff
from tests.test_cases_journey import MOTHER, citizen_page, citizen_sign_in, staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    world = make_world(cast)
    world.unemployment.channels = ["window", "online"]
    world.unemployment.save(update_fields=["channels"])
    make_staff("hallteller", "周受理", cast.yuzhong, [Role.TELLER], outlet=cast.yuzhong_hall)
    return world


def state_label(state) -> str:
    with translation.override("zh-hans"):
        return str(state.label)


def test_a_citizen_applies_online_on_her_phone_and_the_hall_teller_accepts(
    chromium, live_server, world, tmp_path
):
    base = live_server.url
    photo, scan = tmp_path / "身份证.jpg", tmp_path / "失业登记.pdf"
    photo.write_bytes(picture("JPEG"))
    scan.write_bytes(PDF)

    citizen = citizen_page(chromium)
    citizen_sign_in(citizen, base, MOTHER)
    citizen.click("[data-testid=online-start]")
    citizen.fill("[data-testid=online-q]", "shiye")  # pinyin finds 失业保险金申领
    citizen.press("[data-testid=online-q]", "Enter")
    citizen.click("[data-testid=online-item-T-UNE]")
    assert serious_accessibility_violations(citizen) == []
    citizen.set_input_files("[data-testid=online-file-resident_id_card]", str(photo))
    citizen.set_input_files("[data-testid=online-file-unemployment_registration]", str(scan))
    citizen.click("[data-testid=online-submit]")
    expect(citizen.locator("[data-testid=online-state]")).to_have_text(
        str(state_label(OnlineState.SUBMITTED))
    )
    reference = citizen.inner_text("[data-testid=online-reference]").strip()
    assert OnlineApplication.objects.get(reference=reference).scans.count() == 2

    teller = staff_page(chromium, base, "hallteller")
    teller.goto(base + "/staff/")
    teller.click("a[href='/cases/online/']")
    teller.click(f"[data-testid=online-row-{reference}]")
    with teller.expect_popup() as opened:
        teller.click("[data-testid=scan-resident_id_card]")
    assert opened.value.url.endswith("/") and "/scans/" in opened.value.url
    teller.click("[data-testid=online-accept]")
    number = teller.inner_text("[data-testid=case-number]").strip()
    case = Case.objects.get(number=number)
    assert case.home_agency == world.cast.yuzhong and case.scans.count() == 2
    assert case.materials.get(key="termination_certificate").status == "deferred"

    citizen.goto(base + "/my/")
    expect(citizen.locator(f"[data-testid=my-case-{number}]")).to_contain_text(
        str(state_label(CaseState.ACCEPTED))
    )
    citizen.click(f"[data-testid=online-{reference}] a")
    expect(citizen.locator("[data-testid=online-case]")).to_contain_text(number)
    assert serious_accessibility_violations(citizen) == []
