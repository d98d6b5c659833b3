"""The persons API: session sign-in, scoped reads that are audited and masked, validated registration."""

import pytest

from shebao.core.models import AuditEntry
from shebao.people.models import IdentityDocument, Person
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


def test_a_reviewer_gets_the_person_masked_and_the_read_is_audited(client, cast):
    body = signed_in(client, cast.reviewer).get(f"/api/v1/persons/{cast.person.pk}").json()
    assert body["documents"] == [{"doc_type": "resident_id", "number": "500103********1224"}]
    assert body["phone"] == "138****5678" and body["name"] == "李**"
    assert AuditEntry.objects.filter(action="people.person.viewed", actor_id=cast.reviewer.pk).count() == 1


def test_the_outsider_gets_403_in_the_error_shape(client, cast):
    response = signed_in(client, cast.outsider).get(f"/api/v1/persons/{cast.person.pk}")
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


def test_anonymous_callers_get_401(client, cast):
    response = client.get(f"/api/v1/persons/{cast.person.pk}")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


def test_an_unknown_person_is_404(client, cast):
    assert signed_in(client, cast.reviewer).get("/api/v1/persons/999999").status_code == 404


def register(client, **overrides):
    payload = {
        "name": "阿依古丽·买买提",
        "doc_type": "resident_id",
        "number": "650102198805120022",
    } | overrides
    return client.post("/api/v1/persons", payload, content_type="application/json")


def test_a_teller_registers_a_person_whose_name_has_a_middle_dot(client, cast):
    from shebao.core.idcards import validate_id

    assert validate_id("resident_id", "650102198805120022").valid
    response = register(signed_in(client, cast.teller))
    assert response.status_code == 201
    person = Person.objects.get(pk=response.json()["id"])
    assert person.name == "阿依古丽·买买提" and person.sex == "F"


def test_a_malformed_number_changes_nothing_and_names_the_field(client, cast):
    before = Person.objects.count()
    response = register(signed_in(client, cast.teller), number="650102198805120023")
    assert response.status_code == 422 and "number" in response.json()["error"]["fields"]
    assert Person.objects.count() == before


def test_a_missing_field_is_refused(client, cast):
    response = signed_in(client, cast.teller).post(
        "/api/v1/persons", {"name": "王五"}, content_type="application/json"
    )
    assert response.status_code == 422


def test_registering_the_same_document_twice_is_a_conflict_and_keeps_one_person(client, cast):
    c = signed_in(client, cast.teller)
    assert register(c).status_code == 201
    second = register(c)
    assert second.status_code == 409 and second.json()["error"]["code"] == "duplicate_document"
    assert IdentityDocument.objects.filter(number="650102198805120022").count() == 1


def test_a_reviewer_may_not_register_persons(client, cast):
    assert register(signed_in(client, cast.reviewer)).status_code == 403
