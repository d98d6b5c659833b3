"""Users find their way by clicking, never by typing an address: a citizen on a phone goes from the
public home to a guide and on to the nearest point that handles it; a teller goes from the workbench to
the accept page; a manager reaches the hall statistics and the coverage of the outlet network."""

import pytest
from playwright.sync_api import expect

from conftest import serious_accessibility_violations, sign_in_page
from shebao.hall.models import ServiceCategory, Window
from shebao.testing import under_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(cast):
    from shebao.catalog import demo

    demo.seed()
    return cast


def test_a_citizen_on_a_phone_goes_from_the_home_page_to_a_guide_and_the_nearest_point_for_it(
    phone_page, catalogue
):
    page = phone_page
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{page.base}/")
    assert serious_accessibility_violations(page) == []
    page.get_by_test_id("entry-guides").click()
    page.wait_for_url("**/catalog/")
    page.fill("#q", "tuixiu")
    page.click("[data-testid=search]")
    first = page.locator("[data-testid=results] li").first
    first.wait_for()
    first.locator("a").click()
    page.wait_for_url("**/catalog/items/PEN001/")

    # "Where can I apply?" keeps the item; the phone's location does the rest.
    page.context.grant_permissions(["geolocation"], origin=page.base)
    page.context.set_geolocation({"latitude": 29.5754, "longitude": 106.5322})  # by the Jiangbei bank
    page.get_by_test_id("where").click()
    page.wait_for_url("**/outlets/?item=PEN001")
    expect(page.locator("#item")).to_have_value("PEN001")
    page.get_by_test_id("locate").click()
    page.wait_for_url("**lat=**")
    nearest = page.locator("[data-testid=results] li").first
    # The bank point is nearer but takes no retirement claims: the district hall comes first.
    expect(nearest).to_have_attribute("data-code", catalogue.yuzhong_hall.code)
    expect(nearest.get_by_test_id("accepts")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []


def test_the_home_page_in_large_type_has_big_entries_that_fit_a_phone(phone_page, catalogue):
    page = phone_page
    page.goto(f"{page.base}/")
    page.get_by_test_id("elder-toggle").click()
    page.wait_for_selector("html.elder")
    page.wait_for_load_state()  # html.elder comes with the first bytes; the entries and the styles later
    entries = page.locator("a.entry")
    assert entries.count() >= 9
    for i in range(entries.count()):
        assert entries.nth(i).bounding_box()["height"] >= 60
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_accessibility_violations(page) == []


def test_a_teller_goes_from_the_workbench_to_the_accept_page(browser_page, catalogue):
    under_agreement(catalogue)  # a partner teller registers persons under the point's agreement only
    page = browser_page
    sign_in_page(page, catalogue.teller)
    page.goto(f"{page.base}/staff/")
    assert serious_accessibility_violations(page) == []
    page.get_by_test_id("card-accept").get_by_role("link").click()
    page.wait_for_url("**/cases/accept/")
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("input[name=doc]").count() == 1  # the applicant's document number comes first
    page.go_back()
    page.get_by_test_id("card-register-person").get_by_role("link").click()
    page.wait_for_url("**/staff/persons/new/")
    assert serious_accessibility_violations(page) == []


def test_a_manager_reaches_the_hall_statistics_and_the_outlet_coverage_by_clicking(browser_page, catalogue):
    hall = catalogue.yuzhong_hall
    ServiceCategory.objects.create(outlet=hall, code="pension", name="养老待遇", prefix="A")
    Window.objects.create(outlet=hall, number=1, comprehensive=True)
    page = browser_page
    sign_in_page(page, catalogue.manager)
    page.goto(f"{page.base}/staff/")
    page.get_by_test_id("card-hall-statistics").get_by_role("link").click()
    page.wait_for_url("**/hall/statistics/")
    expect(page.locator("h1")).to_contain_text("大厅统计")
    page.go_back()
    page.get_by_test_id("card-coverage").get_by_role("link").click()
    page.wait_for_url("**/outlets/coverage/**")
    expect(page.locator("h1")).to_be_visible()
    page.go_back()
    page.get_by_test_id("card-outlets").get_by_role("link").click()
    page.wait_for_url("**/outlets/manage/")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name=hall.name).click()
    page.wait_for_url(f"**/outlets/{hall.code}/")
    expect(page.get_by_test_id("manage")).to_be_visible()
