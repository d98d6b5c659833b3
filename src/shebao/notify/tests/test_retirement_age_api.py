"""GET /api/v1/retirement/age: the issue's JSON shape; a bad field is a 422 naming it."""

import pytest

URL = "/api/v1/retirement/age"


@pytest.mark.django_db
def test_answers_a_man_born_in_1970_in_the_issues_shape(client):
    response = client.get(URL, {"birth": "1970-01", "category": "male"})
    assert response.status_code == 200
    assert response.json() == {
        "age_years": 61,
        "age_months": 4,
        "retire_on": "2031-05",
        "original_age_years": 60,
        "min_contribution_years": 16.0,
        "earliest_on": "2030-01",
        "latest_on": "2034-05",
    }


@pytest.mark.django_db
def test_answers_a_woman_worker_at_the_last_cohort(client):
    body = client.get(URL, {"birth": "1984-11", "category": "female_worker"}).json()
    assert (body["age_years"], body["age_months"], body["retire_on"]) == (55, 0, "2039-11")
    assert body["min_contribution_years"] == 20.0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"birth": "1970-13", "category": "male"}, {"birth"}),
        ({"birth": "1970", "category": "male"}, {"birth"}),
        ({"birth": "1870-01", "category": "male"}, {"birth"}),
        ({"birth": "1970-01", "category": "woman"}, {"category"}),
        ({}, {"birth", "category"}),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, params, fields):
    response = client.get(URL, params)
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert set(body["fields"]) == fields
