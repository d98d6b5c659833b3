"""In a real browser at desktop width: a district manager opens their list of points, signs the bank
point's agreement (the tier's items in one click, the teller authorised to accept) and then authorises
a second teller to check materials on the agreement's page; both pages pass axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import serious_accessibility_violations, sign_in_page
from shebao.core.models import Role
from shebao.core.permissions import can
from shebao.network.models import Agreement
from shebao.network.tests.helpers import make_items
from shebao.testing import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_signs_a_partner_point_s_agreement_and_authorises_a_teller(browser_page, cast):
    make_items()
    manager = make_staff("jb-manager", "江北主任", cast.jiangbei, [Role.MANAGER])
    second = make_staff("teller2", "钱柜员", cast.jiangbei, [Role.TELLER], outlet=cast.bank_point)
    page = browser_page
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in_page(page, manager)

    page.goto(f"{page.base}/outlets/manage/")
    page.get_by_test_id(f"sign-{cast.bank_point.code}").click()
    page.wait_for_url(f"**/outlets/{cast.bank_point.code}/agreements/new/")
    page.fill("#number", "JB-社银-2025-01")
    page.fill("#partner", "重庆农村商业银行江北支行")
    page.fill("#valid_until", f"{timezone.localdate().year + 3}-12-31")
    page.get_by_test_id("select-tier").click()
    expect(page.locator("#scope-STMT-PRINT")).to_be_checked()
    expect(page.locator("#number")).to_have_value("JB-社银-2025-01")  # what was typed survives the click
    assert serious_accessibility_violations(page) == []
    page.check(f"#auth-{cast.teller.staff.pk}accept")
    page.get_by_test_id("sign").click()

    page.wait_for_url("**/outlets/agreements/**")
    expect(page.get_by_test_id("scope").first).to_contain_text("个人权益记录查询打印")
    expect(page.get_by_test_id("authorised-accept-teller")).to_be_visible()
    page.select_option("#authorise-staff", str(second.staff.pk))
    page.select_option("#authorise-step", "check")
    page.get_by_test_id("authorise").click()
    expect(page.get_by_test_id("authorised-check-teller2")).to_be_visible()
    expect(page.get_by_test_id("history")).to_contain_text("江北主任")
    assert serious_accessibility_violations(page) == []

    agreement = Agreement.objects.get()
    assert agreement.number == "JB-社银-2025-01" and agreement.scope_items == ["PEN-CERT", "STMT-PRINT"]
    assert can(cast.teller, "network.outlet.accept_item", (cast.bank_point, "STMT-PRINT"))
    assert can(second, "network.outlet.check_materials", (cast.bank_point, "STMT-PRINT"))
    assert not can(second, "network.outlet.accept_item", (cast.bank_point, "STMT-PRINT"))
    assert errors == []
