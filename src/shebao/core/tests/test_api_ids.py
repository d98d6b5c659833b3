"""GET /api/v1/ids/validate: public, rate-limited, looks nothing up, answers in one documented shape."""

import pytest

URL = "/api/v1/ids/validate"
pytestmark = pytest.mark.django_db


def test_a_valid_resident_id_returns_its_birth_date_sex_and_region(client):
    body = client.get(URL, {"doc_type": "resident_id", "number": "11010519491231002x"}).json()
    assert body == {
        "valid": True,
        "error": None,
        "birth_date": "1949-12-31",
        "sex": "F",
        "region_code": "110105",
    }


def test_a_wrong_check_digit_is_invalid_with_a_message_and_no_facts(client):
    body = client.get(URL, {"doc_type": "resident_id", "number": "110105194912310021"}).json()
    assert body["valid"] is False and body["error"]
    assert body["birth_date"] is None and body["sex"] is None


def test_an_eight_digit_taiwan_travel_permit_is_valid(client):
    assert client.get(URL, {"doc_type": "taiwan_travel_permit", "number": "12345678"}).json()["valid"] is True


def test_an_unknown_document_type_is_a_422_naming_the_field(client):
    response = client.get(URL, {"doc_type": "driving_licence", "number": "123"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unknown_doc_type" and "doc_type" in error["fields"]


def test_a_missing_number_is_a_422_in_the_same_error_shape(client):
    response = client.get(URL, {"doc_type": "resident_id"})
    assert response.status_code == 422
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_the_validator_is_rate_limited_per_client(client, settings):
    statuses = [
        client.get(URL, {"doc_type": "passport", "number": "E12345678"}).status_code for _ in range(31)
    ]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_a_made_up_forwarded_for_header_does_not_escape_the_limit(client):
    statuses = [
        client.get(
            URL, {"doc_type": "passport", "number": "E12345678"}, headers={"x-forwarded-for": f"10.0.0.{i}"}
        ).status_code
        for i in range(31)
    ]
    assert statuses[30] == 429


def test_signed_in_callers_are_limited_too(client, cast):
    from shebao.testing import signed_in

    c = signed_in(client, cast.teller)
    statuses = [c.get(URL, {"doc_type": "passport", "number": "E12345678"}).status_code for _ in range(31)]
    assert statuses[30] == 429


def test_the_limit_answers_in_the_documented_error_shape(client):
    for _ in range(30):
        client.get(URL, {"doc_type": "passport", "number": "E12345678"})
    response = client.get(
        URL, {"doc_type": "passport", "number": "E12345678"}, headers={"accept-language": "en"}
    )
    assert response.status_code == 429
    assert (
        response.json()["error"]["code"] == "throttled"
        and "Too many requests" in response.json()["error"]["message"]
    )


def test_the_validator_looks_nothing_up_and_stores_nothing(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        body = client.get(URL, {"doc_type": "resident_id", "number": "11010519491231002X"}).json()
    assert body["valid"] is True
    # Only the caller's address is counted against the rate limit; the number is neither looked up nor kept.
    assert len(queries) == 1 and "ratecounter" in queries[0]["sql"].lower()
    assert "11010519491231002X" not in queries[0]["sql"]


def test_the_validator_needs_no_sign_in_and_sets_no_session(client):
    response = client.get(URL, {"doc_type": "resident_id", "number": "11010519491231002X"})
    assert response.status_code == 200 and "sessionid" not in response.cookies


@pytest.mark.parametrize(
    ("language", "says"),
    [("zh-hans", "校验"), ("zh-hant", "校驗"), ("en", "check digit")],
)
def test_the_error_is_in_the_callers_language(client, language, says):
    body = client.get(
        URL,
        {"doc_type": "resident_id", "number": "110105194912310021"},
        headers={"accept-language": language},
    ).json()
    assert says in body["error"]


@pytest.mark.parametrize(
    ("doc_type", "number", "facts"),
    [
        ("resident_id_15", "110105491231002", ("1949-12-31", "F", "110105")),
        ("hk_macau_residence_permit", "810000199008081012", ("1990-08-08", "M", "810000")),
        ("taiwan_residence_permit", "830000198207051034", ("1982-07-05", "M", "830000")),
        ("hk_macau_travel_permit", "M10583246", (None, None, None)),
        ("foreign_permanent_residence", "USA500079061501", (None, None, None)),
        ("foreign_permanent_residence", "950410198503122011", ("1985-03-12", None, None)),
        ("passport", "E12345678", (None, None, None)),
    ],
)
def test_every_document_type_answers_in_the_same_shape(client, doc_type, number, facts):
    body = client.get(URL, {"doc_type": doc_type, "number": number}).json()
    assert body == {
        "valid": True,
        "error": None,
        "birth_date": facts[0],
        "sex": facts[1],
        "region_code": facts[2],
    }
