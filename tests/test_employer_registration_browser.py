"""The employer registration page (issue 18) on a teller's phone in large type: elderly-friendly as every
page (axe, 18 px text, 60 px targets, no sideways scroll), and a wrong credit code comes back marked in
the page's language with nothing registered."""

import pytest
from playwright.sync_api import expect

from conftest import sign_in_page
from shebao.people.models import Employer
from shebao.testing import under_agreement
from tests.test_elder_mode_browser import assert_elderly_friendly, large_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
URL = "/staff/persons/employers/new/"


def test_the_registration_page_is_elderly_friendly_and_marks_a_wrong_code(phone_page, cast):
    under_agreement(cast)
    page = phone_page
    large_type(page)
    sign_in_page(page, cast.teller)
    page.goto(page.base + URL)
    assert_elderly_friendly(page, URL)
    assert page.inner_text("label[for=name]") == "单位名称"  # an employer's name, not a person's (姓名)
    page.fill("#credit_code", "91500105MA60XY1236")  # a wrong check character
    page.fill("#name", "重庆江北新材料有限公司")
    page.fill("#handler_name", "钱经办")
    page.fill("#handler_number", "500103198001011238")
    page.click("[data-testid=register-employer]")
    error = page.locator("#credit_code-error")
    expect(error).to_be_visible()  # the page comes back with the mark (it may still be arriving: wait)
    assert "校验" in error.inner_text()
    assert page.get_attribute("#credit_code", "aria-invalid") == "true"
    assert_elderly_friendly(page, URL)
    assert not Employer.objects.exists()
