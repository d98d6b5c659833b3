"""A NUL character cannot be stored in PostgreSQL, nor used to look anything up there: schemathesis sent
`?region=%00` to /api/v1/coverage and got a server error on PostgreSQL. A NUL in an API call's query
string, path or JSON body is a 422 naming where it was, on every database, before anything is read."""

import pytest

from shebao.hall.models import Ticket
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


def test_a_nul_in_the_query_string_is_a_422_naming_the_parameter(client, cast):
    response = signed_in(client, cast.manager).get("/api/v1/coverage?region=500%00103")
    assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["region"]


def test_a_nul_in_the_path_is_a_422(client, cast):
    response = client.get("/api/v1/catalog/items/T%00REC")
    assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["path"]


def test_a_nul_in_a_json_body_is_a_422_naming_the_field(client, cast):
    body = '{"outlet": "CQ-YZ-H001", "category": "A", "triage_note": "a\\u0000b"}'
    response = client.post("/api/v1/hall/tickets", body, content_type="application/json")
    assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["triage_note"]
    assert Ticket.objects.count() == 0


def test_a_page_with_a_nul_in_its_query_is_not_a_server_error(client, cast):
    assert client.get("/catalog/?q=%00").status_code < 500
