"""A JSON body may escape a lone surrogate ("\ud800"), which is no character at all: it cannot be stored
or even looked up (UTF-8 refuses it), so the API refuses it on parsing, for every endpoint, naming the
field, before anything is read or written."""

import pytest

from shebao.hall.models import Ticket
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db

LONE = '"\\ud800"'  # the JSON escape itself: json.dumps would not write it

BODIES = [  # url, body (@: where the surrogate goes), the field named
    ("/api/v1/hall/tickets", '{"outlet": "CQ-YZ-H001", "category": "A", "triage_note": @}', "triage_note"),
    ("/api/v1/hall/evaluations", '{"ticket": @, "level": 1}', "ticket"),
    ("/api/v1/hall/appointments/ABC123/check-in", '{"outlet": @}', "outlet"),
    ("/api/v1/cases", '{"person_id": 1, "item_code": @}', "item_code"),
    ("/api/v1/cases/NO-SUCH-CASE/actions", '{"action": @}', "action"),
]


@pytest.mark.parametrize("url, body, field", BODIES)
def test_a_lone_surrogate_in_a_json_body_is_a_422_naming_the_field(client, cast, url, body, field):
    response = signed_in(client, cast.teller).post(
        url, body.replace("@", LONE), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["message"]
    assert list(error["fields"]) == [field] and error["fields"][field]
    assert Ticket.objects.count() == 0


def test_a_surrogate_inside_a_list_is_named_by_its_path(client, cast):
    body = f'{{"person_id": 1, "item_code": "x", "received": ["id_card", {LONE}]}}'
    response = signed_in(client, cast.teller).post(
        "/api/v1/cases", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["received.1"]


def test_a_proper_pair_of_surrogates_is_one_character_and_accepted(client, cast):
    # "\ud83d\ude00" is the escape of one emoji: a valid character, so the parser must not refuse it.
    body = '{"person_id": 999999, "item_code": "\\ud83d\\ude00"}'
    response = signed_in(client, cast.teller).post(
        "/api/v1/cases", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert response.status_code != 422 or "item_code" not in response.json()["error"]["fields"]
    assert response.status_code < 500


def test_a_body_that_is_not_json_is_a_400_in_the_error_shape_and_the_reader_s_language(client):
    response = client.post(
        "/api/v1/hall/tickets", "{not json", content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "malformed" and error["fields"] == {}
    assert "Cannot parse" not in error["message"]


def test_a_surrogate_in_a_key_is_reported_without_repeating_it(client):
    body = '{"outlet": "CQ-YZ-H001", "category": "A", "extra": {"\\ud800": 1}}'
    response = client.post("/api/v1/hall/tickets", body, content_type="application/json")
    assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["extra"]
    assert b"\\ud800" not in response.content
