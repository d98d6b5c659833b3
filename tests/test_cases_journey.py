"""Issue 6, done when: a teller at a bank point accepts a high-risk item with one deferrable material
missing; the reviewer and the approver of the person's home agency (another district) act in order; the
same user is refused a second step; the citizen signs in with a texted code (read from the development
outbox), supplements the material online and sees the case completed. And the 亲情代办 journey: a son
binds his mother with her consent and supplements for her; the case records that he acted."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, journey_screen, serious_accessibility_violations
from shebao.cases import services
from shebao.cases.models import Case, CaseEvent
from shebao.cases.states import CaseState, MaterialStatus
from shebao.cases.tests.helpers import PDF, PNG, make_world, picture, pin_day
from shebao.core.models import Role, StaffRole
from shebao.people.citizen_models import ProxyBinding
from shebao.people.tests.citizen_helpers import person_with_phone
from shebao.testing import CAST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOTHER = "500103195303071224"
SON, SON_PHONE = "500103198001011238", "13900001111"


@pytest.fixture
def world(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    return make_world(cast)


def staff_page(chromium, base, username):
    page = chromium.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    page.goto(base + "/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", CAST_PASSWORD)
    page.click("button[type=submit].primary")
    expect(page.locator("main")).to_be_visible()
    return page


def citizen_page(chromium):
    return chromium.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True).new_page()


def label(state) -> str:
    with translation.override("zh-hans"):
        return str(state.label)


def code_from_outbox(page, base) -> str:
    """What a demo visitor does: open /dev/outbox/ and read the newest text (the code just sent)."""
    page.goto(base + "/dev/outbox/")
    newest = page.locator("[data-testid=outbox-text]").first.inner_text()
    found = re.search(r"(?<!\d)(\d{6})(?!\d)", newest)
    assert found, newest
    return found.group(1)


def citizen_sign_in(page, base, number):
    page.goto(base + "/my/")
    page.fill("[data-testid=sign-in-number]", number)
    page.click("[data-testid=send-code]")
    expect(page.locator("[data-testid=sign-in-code]")).to_be_visible()
    code_page = page.url
    code = code_from_outbox(page, base)
    page.goto(code_page)
    page.fill("[data-testid=sign-in-code]", code)
    page.click("[data-testid=verify-code]")
    expect(page.locator("[data-testid=citizen-name]")).to_be_visible()


def test_bank_point_accepts_home_agency_decides_in_order_citizen_supplements_online(
    chromium, live_server, world, tmp_path
):
    base = live_server.url
    StaffRole.objects.create(profile=world.cast.reviewer.staff, role=Role.APPROVER)  # could take step 2
    scan = tmp_path / "身份证.pdf"
    scan.write_bytes(PDF)

    teller = staff_page(chromium, base, "teller")
    teller.goto(base + "/cases/accept/")
    teller.fill("[data-testid=doc]", MOTHER)
    teller.press("[data-testid=doc]", "Enter")
    teller.fill("[data-testid=item-search]", "失业")
    teller.press("[data-testid=item-search]", "Enter")
    teller.click("[data-testid=choose-T-UNE]")
    assert serious_accessibility_violations(teller) == []
    journey_screen(teller, "2-teller-accepts")
    teller.check("[data-testid=received-resident_id_card]")
    teller.check("[data-testid=received-unemployment_registration]")
    teller.set_input_files("#scan_resident_id_card", str(scan))
    teller.click("[data-testid=accept]")
    number = teller.inner_text("[data-testid=case-number]").strip()
    expect(teller.locator(".qr svg")).to_have_count(1)  # the receipt may still be arriving
    journey_screen(teller, "2-receipt")
    case = Case.objects.get(number=number)
    assert case.home_agency == world.cast.yuzhong and case.outlet == world.cast.bank_point
    assert case.outlet.agency == world.cast.jiangbei  # accepted in another district
    assert case.materials.get(key="termination_certificate").status == MaterialStatus.DEFERRED

    reviewer = staff_page(chromium, base, "reviewer")
    reviewer.goto(base + "/cases/queue/")
    reviewer.click(f"[data-testid=claim-{number}]")
    reviewer.goto(base + f"/cases/{number}/")
    reviewer.click("[data-testid=approve]")
    # The same user, who is also an approver, is not offered the second step, and is told why (issue 14).
    with translation.override("zh-hans"):
        refusal = translation.gettext(
            "You already handled another step of this case; one person never holds two steps."
        )
    expect(reviewer.locator("[data-testid=step-not-open]")).to_contain_text(refusal)
    expect(reviewer.locator("[data-testid=claim]")).to_have_count(0)
    assert case.steps.get(position=2).claimed_by is None

    approver = staff_page(chromium, base, "approver")
    approver.goto(base + "/cases/queue/")
    approver.click(f"[data-testid=claim-{number}]")
    approver.goto(base + f"/cases/{number}/")
    journey_screen(approver, "3-back-office-approves")
    approver.click("[data-testid=approve]")
    expect(approver.locator("[data-testid=case-state]")).to_have_text(label(CaseState.APPROVED))

    photo = tmp_path / "证明.png"
    photo.write_bytes(PNG)
    citizen = citizen_page(chromium)
    citizen_sign_in(citizen, base, MOTHER)
    expect(citizen.locator(f"[data-testid=my-case-{number}]")).to_contain_text("2026-12-08")
    assert serious_accessibility_violations(citizen) == []
    citizen.click(f"[data-testid=my-case-{number}] a")
    journey_screen(citizen, "1-citizen-tracks")
    citizen.set_input_files("[data-testid=portal-file-termination_certificate]", str(photo))
    citizen.click("[data-testid=portal-send-termination_certificate]")
    # The upload alone closes nothing: the back office checks the file first.
    expect(citizen.locator("[data-testid=portal-state]")).to_have_text(label(CaseState.APPROVED))
    reviewer.goto(base + f"/cases/{number}/")
    reviewer.click("[data-testid=accept-material-termination_certificate]")
    expect(reviewer.locator("[data-testid=case-state]")).to_have_text(label(CaseState.COMPLETED))
    citizen.reload()
    expect(citizen.locator("[data-testid=portal-state]")).to_have_text(label(CaseState.COMPLETED))
    expect(citizen.locator("[data-testid=portal-letter]")).to_be_visible()
    assert serious_accessibility_violations(citizen) == []
    case.refresh_from_db()
    assert case.state == CaseState.COMPLETED
    assert [s.claimed_by.username for s in case.steps.all()] == ["reviewer", "approver"]
    assert CaseEvent.objects.get(case=case, action="material_supplied").citizen == world.cast.person


def test_a_son_binds_his_mother_with_her_consent_and_supplements_for_her(
    chromium, live_server, world, tmp_path
):
    base = live_server.url
    person_with_phone("王小明", SON, SON_PHONE)
    number = services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration"},
        idempotency_key="journey-proxy",
    ).case.number
    photo = tmp_path / "证明.jpg"
    photo.write_bytes(picture("JPEG"))

    son = citizen_page(chromium)
    citizen_sign_in(son, base, SON)
    expect(son.locator(f"[data-testid=my-case-{number}]")).to_have_count(0)
    son.click("[data-testid=proxy-add]")
    son.fill("[data-testid=proxy-number]", MOTHER)
    son.select_option("[data-testid=proxy-relation]", "parent")
    son.click("[data-testid=proxy-send]")
    expect(son.locator("[data-testid=proxy-code]")).to_be_visible()
    confirm = son.url
    code = code_from_outbox(son, base)  # the text went to the mother's phone; she reads it out
    son.goto(confirm)
    son.fill("[data-testid=proxy-code]", code)
    son.click("[data-testid=proxy-confirm]")
    expect(son.locator("[data-testid=acts-for]")).to_contain_text("李**")
    assert ProxyBinding.objects.get().consent == "text"

    son.click(f"[data-testid=my-case-{number}] a")
    expect(son.locator("[data-testid=acting-for]")).to_be_visible()
    son.set_input_files("[data-testid=portal-file-termination_certificate]", str(photo))
    son.click("[data-testid=portal-send-termination_certificate]")
    expect(son.locator("[data-testid=event-material_supplied]")).to_contain_text("王**")
    assert serious_accessibility_violations(son) == []
    event = CaseEvent.objects.get(case__number=number, action="material_supplied")
    assert event.citizen.name == "王小明" and event.data["by"] == "proxy"


def test_a_wrong_document_number_shows_nothing_of_the_case(chromium, live_server, world, phone_page):
    number = services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-REC",
        received={"resident_id_card"},
        idempotency_key="j-1",
    ).case.number
    phone_page.goto(phone_page.base + "/cases/track/")
    phone_page.fill("[data-testid=track-number]", number)
    phone_page.fill("[data-testid=track-id]", "110105194912310021")
    phone_page.click("[data-testid=track-submit]")
    expect(phone_page.locator("[data-testid=track-error]")).to_have_count(1)
    assert phone_page.locator("[data-testid=track-state]").count() == 0
