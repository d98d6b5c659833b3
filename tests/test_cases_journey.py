"""Issue 6, done when: a teller at a bank point accepts a high-risk item with one deferrable material
missing; the reviewer and the approver of the person's home agency (another district) act in order; the
same user is refused a second step; the citizen supplements the material online and sees it completed."""

import pytest
from django.utils import translation

from conftest import DESKTOP, PHONE, serious_accessibility_violations
from shebao.cases.models import Case
from shebao.cases.states import CaseState, MaterialStatus
from shebao.cases.tests.helpers import PDF, PNG, make_world, pin_day
from shebao.core.models import Role, StaffRole
from shebao.testing import CAST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    return page


def label(state) -> str:
    with translation.override("zh-hans"):
        return str(state.label)


def test_bank_point_accepts_home_agency_decides_in_order_citizen_supplements(
    chromium, live_server, world, tmp_path
):
    base = live_server.url
    StaffRole.objects.create(profile=world.cast.reviewer.staff, role=Role.APPROVER)  # could take step 2
    scan = tmp_path / "身份证.pdf"
    scan.write_bytes(PDF)

    teller = staff_page(chromium, base, "teller")
    teller.goto(base + "/cases/accept/")
    teller.fill("[data-testid=doc]", "500103195303071224")
    teller.press("[data-testid=doc]", "Enter")
    teller.fill("[data-testid=item-search]", "失业")
    teller.press("[data-testid=item-search]", "Enter")
    teller.click("[data-testid=choose-T-UNE]")
    assert serious_accessibility_violations(teller) == []
    teller.check("[data-testid=received-resident_id_card]")
    teller.check("[data-testid=received-unemployment_registration]")
    teller.set_input_files("#scan_resident_id_card", str(scan))
    teller.click("[data-testid=accept]")
    number = teller.inner_text("[data-testid=case-number]").strip()
    assert teller.locator(".qr svg").count() == 1
    case = Case.objects.get(number=number)
    assert case.home_agency == world.cast.yuzhong and case.outlet == world.cast.bank_point
    assert case.materials.get(key="termination_certificate").status == MaterialStatus.DEFERRED

    reviewer = staff_page(chromium, base, "reviewer")
    reviewer.goto(base + "/cases/queue/")
    reviewer.click(f"[data-testid=claim-{number}]")
    reviewer.goto(base + f"/cases/{number}/")
    reviewer.click("[data-testid=approve]")
    # The same user, who is also an approver, is refused the second step.
    reviewer.click("[data-testid=claim]")
    with translation.override("zh-hans"):
        refusal = translation.gettext(
            "You already handled another step of this case; one person never holds two steps."
        )
    assert refusal in reviewer.inner_text("main")
    assert case.steps.get(position=2).claimed_by is None

    approver = staff_page(chromium, base, "approver")
    approver.goto(base + "/cases/queue/")
    approver.click(f"[data-testid=claim-{number}]")
    approver.goto(base + f"/cases/{number}/")
    approver.click("[data-testid=approve]")
    assert approver.inner_text("[data-testid=case-state]").strip() == label(CaseState.APPROVED)

    photo = tmp_path / "证明.png"
    photo.write_bytes(PNG)
    citizen = chromium.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True).new_page()
    citizen.goto(base + f"/cases/track/?number={number}")
    citizen.fill("[data-testid=track-id]", "500103195303071224")
    citizen.click("[data-testid=track-submit]")
    citizen.set_input_files("[data-testid=supplement-termination_certificate]", str(photo))
    citizen.click("[data-testid=send-termination_certificate]")
    assert citizen.inner_text("[data-testid=track-state]").strip() == label(CaseState.COMPLETED)
    assert serious_accessibility_violations(citizen) == []
    case.refresh_from_db()
    assert case.state == CaseState.COMPLETED
    assert [s.claimed_by.username for s in case.steps.all()] == ["reviewer", "approver"]


def test_a_wrong_document_number_shows_nothing_of_the_case(chromium, live_server, world, phone_page):
    from shebao.cases import services

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
    assert phone_page.locator("[data-testid=track-error]").count() == 1
    assert phone_page.locator("[data-testid=track-state]").count() == 0
