"""The citizen page: the retirement age in plain words; signed in, my contribution years and the gap."""

from datetime import date

import pytest

from shebao.people.tests.citizen_helpers import sign_in
from shebao.records.tests.helpers import a_batch, a_month

pytestmark = pytest.mark.django_db
URL = "/notices/retirement-age/"


def test_anyone_gets_the_age_and_the_month_in_plain_words(client):
    response = client.get(URL, {"birth": "1970-01", "category": "male"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="retirement-answer"' in text
    assert "2031-05" in text and "61" in text and "16" in text


def test_a_bad_month_is_named_and_nothing_answered(client):
    response = client.get(URL, {"birth": "1970-13", "category": "male"})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()
    assert 'data-testid="retirement-answer"' not in response.content.decode()


def test_signed_in_it_answers_for_me_with_my_years_so_far_and_what_is_missing(client, cast):
    person = cast.person
    person.sex, person.birth_date = "M", date(1968, 6, 15)  # 60y11m → 2029-05: 15 years needed
    person.save()
    batch = a_batch()
    for month in range(1, 13):  # a year of paid months, one month in arrears (does not count)
        a_month(person, batch, month=date(2020, month, 1))
    a_month(person, batch, month=date(2021, 1, 1), state="arrears")
    sign_in(client, "500103195303071224", person.phone)
    response = client.get(URL)
    text = response.content.decode()
    assert 'data-testid="retirement-mine"' in text
    assert "2029-05" in text
    # 1 year so far, 14 years still missing.
    assert response.context["mine"] == {
        "years": 1,
        "months": 0,
        "missing_years": 14,
        "missing_months": 0,
        "met": False,
    }
