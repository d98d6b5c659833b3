"""The employer's window asks the item's application form (a work-injury claim's accident date): on a
teller's phone in large type, elderly-friendly as every page, in English for a teller who reads English,
and the employees' cases keep the answer."""

import pytest
from django.conf import settings

from conftest import sign_in_page
from shebao.cases.models import Case
from shebao.cases.tests.helpers import make_applicants
from shebao.people.models import Employer
from tests.test_cases_journey import world  # noqa: F401
from tests.test_elder_mode_browser import assert_elderly_friendly, large_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CREDIT_CODE = "91500105203578160A"
FORM = [
    {"key": "accident_date", "label": "事故发生日期", "label_en": "Date of the accident", "kind": "date",
     "help": "用人单位应自事故发生之日起30日内提出申请",
     "help_en": "The employer must apply within 30 days of the accident"},
]  # fmt: skip


def test_the_employer_window_asks_the_items_form_on_a_phone(phone_page, world):  # noqa: F811
    world.unemployment.applicant_types = ["employer"]
    world.unemployment.save(update_fields=["applicant_types"])
    version = world.unemployment.versions.get()
    version.form_fields = FORM
    version.save(update_fields=["form_fields"])
    Employer.objects.create(
        credit_code=CREDIT_CODE, name="重庆山城科技有限公司", home_agency=world.cast.wanzhou
    )
    [worker] = make_applicants(world.cast.yuzhong, 1)
    page = phone_page
    large_type(page)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": page.base}])
    sign_in_page(page, world.cast.teller)
    path = f"/cases/accept/employer/?credit_code={CREDIT_CODE}&item=T-UNE"
    page.goto(page.base + path)
    assert_elderly_friendly(page, path)
    assert page.inner_text("label[for=form_accident_date]") == "Date of the accident"
    assert page.inner_text("#form_accident_date-help") == FORM[0]["help_en"]
    page.fill("[data-testid=employees]", worker.documents.get().number)
    page.fill("[data-testid=handler-name]", "钱经办")
    page.fill("[data-testid=handler-doc]", "500103198001011238")
    for key in ("resident_id_card", "unemployment_registration", "power_of_attorney"):
        page.check(f"[data-testid=received-{key}]")
    page.fill("[data-testid=form-accident_date]", "2026-11-20")
    page.click("[data-testid=accept]")
    page.wait_for_url("**/receipt/")
    assert Case.objects.get().form_data == {"accident_date": "2026-11-20"}
