"""Text longer than its column is refused, naming the field, and nothing is saved: a 100,000-character
triage note was stored (SQLite keeps it; PostgreSQL would answer a server error). Through the API and
through the guide's page."""

import pytest

from shebao.hall.models import HomeVisit, Ticket
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db

NOTE = "x" * 100_000


def test_the_api_refuses_a_too_long_triage_note_naming_the_field(client, hall):
    body = {"outlet": "CQ-YZ-H001", "category": "pension", "triage_note": NOTE}
    response = client.post("/api/v1/hall/tickets", body, content_type="application/json")
    assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["triage_note"]
    assert Ticket.objects.count() == 0


def test_a_note_as_long_as_its_column_is_still_taken(client, hall):
    body = {"outlet": "CQ-YZ-H001", "category": "pension", "triage_note": "x" * 200}
    guide = signed_in(client, hall.guide)
    response = guide.post("/api/v1/hall/tickets", body, content_type="application/json")
    assert response.status_code == 201


def test_the_api_refuses_a_too_long_home_visit_address_naming_the_field(client, hall):
    body = {
        "person_name": "李秀英",
        "doc_number": "500103195303071224",
        "phone": "13812345678",
        "address": "渝" * 201,
        "need": "certification",
        "requester_relation": "self",
    }
    response = client.post("/api/v1/hall/home-visits", body, content_type="application/json")
    assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["address"]
    assert HomeVisit.objects.count() == 0


def test_the_guide_s_page_refuses_a_too_long_triage_note_naming_the_field(client, hall):
    response = signed_in(client, hall.guide).post(
        "/hall/CQ-YZ-H001/take/", {"category": "pension", "triage_note": NOTE}
    )
    assert response.status_code == 422
    errors = response.context["error"].fields
    assert list(errors) == ["triage_note"] and "200" in str(errors["triage_note"])
    assert Ticket.objects.count() == 0
