"""The calculators through the API (exact JSON, 422 naming every bad field) and the citizen pages (the
answer in plain Chinese, every error beside its field, nothing stored)."""

import pytest

pytestmark = pytest.mark.django_db

PENSION = "/api/v1/calculators/pension"
GOOD = {
    "avg_wage": "8000",
    "contribution_index": "1",
    "years": "30",
    "account_balance": "150000",
    "retire_age_years": "60",
}


def test_the_pension_api_answers_in_decimal_strings(client):
    assert client.get(PENSION, GOOD).json() == {
        "basic": "2400.00",
        "account": "1079.14",
        "transitional": "0.00",
        "total": "3479.14",
        "divisor": "139",
    }
    months = client.get(PENSION, GOOD | {"retire_age_years": "60", "retire_age_months": "1"}).json()
    assert months["divisor"] == "138.4" and months["account"] == "1083.82"  # 150,000 / 138.4


def test_every_bad_field_is_named_at_once(client):
    response = client.get(PENSION, GOOD | {"avg_wage": "abc", "contribution_index": "5", "years": ""})
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"avg_wage", "contribution_index", "years"}
    for bad in ({"retire_age_years": "39"}, {"retire_age_years": "60.5"}, {"retire_age_years": "NaN"}):
        refused = client.get(PENSION, GOOD | bad)
        assert refused.status_code == 422 and "retire_age_years" in refused.json()["error"]["fields"]
    end = client.get(PENSION, GOOD | {"retire_age_years": "70", "retire_age_months": "3"})
    assert end.status_code == 422 and "retire_age_months" in end.json()["error"]["fields"]


def test_the_unemployment_api(client):
    url = "/api/v1/calculators/unemployment"
    assert client.get(url, {"min_wage": "1930", "ratio": "0.9", "contribution_years": "3"}).json() == {
        "eligible": True,
        "monthly_amount": "1737.00",
        "months": 12,
        "reason": "",
    }
    short = client.get(url, {"min_wage": "1930", "ratio": "0.9", "contribution_years": "0.5"}).json()
    assert short["eligible"] is False and short["reason"] == "under_one_year"
    refused = client.get(url, {"min_wage": "1930", "ratio": "90", "contribution_years": "3"})
    assert refused.status_code == 422 and list(refused.json()["error"]["fields"]) == ["ratio"]


def test_the_pension_page_answers_in_chinese(client):
    page = client.get("/consult/pension/", GOOD, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="pension-answer"' in page and "3479.14" in page and "每月" in page


def test_the_pension_page_shows_each_error_beside_its_field(client):
    response = client.get("/consult/pension/", GOOD | {"years": "x", "account_balance": "-1"})
    page = response.content.decode()
    assert response.status_code == 422
    assert 'data-testid="error-years"' in page and 'data-testid="error-account_balance"' in page
    assert 'data-testid="pension-answer"' not in page


def test_the_unemployment_page(client):
    page = client.get(
        "/consult/unemployment/",
        {"min_wage": "1930", "ratio": "0.9", "contribution_years": "6"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "1737.00" in page and "18" in page
    empty = client.get("/consult/unemployment/").content.decode()
    assert 'data-testid="unemployment-answer"' not in empty and 'data-testid="calculator-error"' not in empty


def test_the_front_page_leads_to_the_calculator(client):
    assert "/consult/pension/" in client.get("/").content.decode()
