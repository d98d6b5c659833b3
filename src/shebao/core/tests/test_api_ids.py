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
