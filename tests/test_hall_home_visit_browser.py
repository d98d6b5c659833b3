"""A home visit, in real browsers: a relative asks for it on a phone, the request goes to the teller of
the nearest hall in the district, who records the visit on their phone with a photo and closes it; the
relative rates it low, and a follow-up is opened."""

import pytest
from playwright.sync_api import expect

from conftest import PHONE, serious_accessibility_violations
from shebao.cases.tests.helpers import picture
from shebao.core.models import Role, TextMessage
from shebao.hall.models import FollowUp, HomeVisit
from shebao.network.index import bump_version
from shebao.testing import CAST_PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = picture("PNG")


def test_a_relative_asks_for_a_visit_and_the_teller_records_it_from_a_phone(
    phone_page, chromium, cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_staff("hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=cast.yuzhong_hall)
    bump_version()
    page, base = phone_page, phone_page.base

    page.goto(base + "/hall/home-visits/request/")
    page.fill("#person_name", "李秀英")
    page.fill("#doc_number", "500103195303071225")  # a wrong check digit first
    page.fill("#phone", "13812345678")
    page.select_option("#district", "500103")
    page.fill("#address", "渝中区解放碑街道民族路 88 号 3 单元 502")
    page.locator("input[name=need][value=certification]").check()
    page.locator("input[name=requester_relation][value=relative]").check()
    page.get_by_test_id("send-request").click()
    expect(page.get_by_test_id("error-message")).to_be_visible()
    assert not HomeVisit.objects.exists()
    page.fill("#doc_number", "500103195303071224")
    page.get_by_test_id("send-request").click()
    expect(page.get_by_test_id("visit-state")).to_have_attribute("data-state", "assigned")
    expect(page.get_by_test_id("visit-outlet")).to_contain_text(cast.yuzhong_hall.name)
    assert serious_accessibility_violations(page) == []

    teller_context = chromium.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    try:
        teller = teller_context.new_page()
        teller.goto(base + "/staff/login/")
        teller.fill("#id_username", "hall_teller")
        teller.fill("#id_password", CAST_PASSWORD)
        teller.click("button[type=submit].primary")
        teller.goto(base + "/hall/home-visits/")
        teller.get_by_test_id("home-visits").get_by_role("link").first.click()
        teller.get_by_test_id("record-link").click()
        teller.locator("input[name=outcome][value=done]").check()
        teller.fill("#work_done", "上门完成人脸识别认证")
        teller.fill("#materials", "身份证复印件一份")
        teller.locator("#photo").set_input_files(
            files=[{"name": "visit.png", "mimeType": "image/png", "buffer": PNG}]
        )
        assert serious_accessibility_violations(teller) == []
        teller.get_by_test_id("save-record").click()
        expect(teller.get_by_test_id("visit-outcome")).to_have_attribute("data-outcome", "done")
        expect(teller.get_by_test_id("visit-photo")).to_be_visible()
        visit = HomeVisit.objects.get()
        assert (
            visit.state == "visited"
            and visit.photo_type == "image/png"
            and visit.recorded_by.user.username == "hall_teller"
        )
        assert serious_accessibility_violations(teller) == []
        teller.get_by_test_id("close-visit").click()
        expect(teller.get_by_test_id("visit-state")).to_have_attribute("data-state", "closed")
    finally:
        teller_context.close()

    # The relative rates the visit from the request's page (a text with the link was sent too).
    assert TextMessage.objects.filter(purpose="hall.home_visit.closed").count() == 1
    page.reload()
    page.get_by_test_id("rate-link").click()
    assert serious_accessibility_violations(page) == []
    page.locator("input[name=level][value='2']").check()
    page.locator("input[name=reasons][value='unclear']").check()
    page.get_by_test_id("submit-rating").click()
    expect(page.get_by_test_id("follow-up")).to_be_visible()
    assert FollowUp.objects.get().evaluation.home_visit == visit
