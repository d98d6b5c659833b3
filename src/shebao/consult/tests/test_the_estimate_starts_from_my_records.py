"""A signed-in citizen opening the pension estimate finds what their records already say filled in: years
of contributions, the individual account's balance today and their statutory retirement age; the province's
average wage and their contribution index are left to them. Nothing is filled in for someone not signed in,
and what the citizen typed is never replaced."""

import re
from datetime import date

import pytest
from django.utils import timezone

from shebao.core.retirement import Category, retirement_age
from shebao.people.tests.citizen_helpers import person_with_phone, sign_in
from shebao.records.selectors import person_account
from shebao.records.tests.helpers import a_batch, a_month

pytestmark = pytest.mark.django_db
NUMBER, PHONE = "500103197005151238", "13900001111"


@pytest.fixture
def worker(cast):
    person = person_with_phone("陈立", NUMBER, PHONE)
    person.birth_date = date(1970, 5, 15)
    person.save()
    batch = a_batch()
    for k in range(30):  # 2 years and 6 months paid
        a_month(person, batch, month=date(2022 + k // 12, k % 12 + 1, 1))
    return person


def value_of(html: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    return found.group(1) if found else ""


def test_my_records_fill_in_what_they_know(client, cast, worker):
    sign_in(client, NUMBER, PHONE)
    page = client.get("/consult/pension/")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="from-my-records"' in html
    today = timezone.localdate()
    age = retirement_age(Category.MALE, 1970, 5)
    assert value_of(html, "years") == "2.50"
    assert value_of(html, "account_balance") == f"{person_account(worker, until=today).balance_at(today):.2f}"
    assert value_of(html, "account_balance") != "0.00"
    assert (value_of(html, "retire_age_years"), value_of(html, "retire_age_months")) == (
        str(age.age_years), str(age.age_months))  # fmt: skip
    assert value_of(html, "avg_wage") == "" and value_of(html, "contribution_index") == ""
    assert 'data-testid="pension-answer"' not in html  # the citizen completes the form and asks


def test_what_the_citizen_typed_is_kept_and_strangers_get_an_empty_form(client, cast, worker):
    assert 'data-testid="from-my-records"' not in client.get("/consult/pension/").content.decode()
    sign_in(client, NUMBER, PHONE)
    asked = {"avg_wage": "8000", "contribution_index": "1", "years": "35", "account_balance": "120000",
             "retire_age_years": "60"}  # fmt: skip
    html = client.get("/consult/pension/", asked).content.decode()
    assert value_of(html, "years") == "35" and 'data-testid="pension-answer"' in html
    assert 'data-testid="from-my-records"' not in html
