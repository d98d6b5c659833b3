"""A person holds one or more documents; each is checked, stored normalised, and added only by the window
that may see the person. Bad input is refused with a localised message naming the field, changing nothing."""

import pytest
from django.core.exceptions import ValidationError

from shebao.core.models import AuditEntry
from shebao.people.models import IdentityDocument, Person
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db
HK_PERMIT = "810000199008081012"
EN = {"accept-language": "en"}


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json", headers=EN)


def register(client, **overrides):
    payload = {"name": "陈家豪", "doc_type": "hk_macau_residence_permit", "number": HK_PERMIT} | overrides
    return post(client, "/api/v1/persons", payload)


def test_a_teller_adds_a_travel_permit_beside_the_residence_permit(client, cast):
    c = signed_in(client, cast.teller)
    person_id = register(c).json()["id"]
    response = post(
        c,
        f"/api/v1/persons/{person_id}/documents",
        {"doc_type": "hk_macau_travel_permit", "number": "h6021 8735"},
    )
    assert response.status_code == 201
    documents = {d.doc_type: d for d in IdentityDocument.objects.filter(person_id=person_id)}
    assert documents["hk_macau_travel_permit"].number == "H60218735"
    assert documents["hk_macau_residence_permit"].primary and not documents["hk_macau_travel_permit"].primary
    entry = AuditEntry.objects.get(action="people.document.added")
    assert entry.data["number"] == "H6*****35"
    assert {"doc_type": "hk_macau_travel_permit", "number": "H6*****35"} in response.json()["documents"]


def test_an_old_taiwan_travel_permit_is_stored_as_printed(client, cast):
    c = signed_in(client, cast.teller)
    response = register(c, name="黄淑芬", doc_type="taiwan_travel_permit", number="1234567801b")
    assert response.status_code == 201
    assert IdentityDocument.objects.get(person_id=response.json()["id"]).number == "1234567801(B)"


def test_a_second_document_with_another_birth_date_is_refused(client, cast):
    c = signed_in(client, cast.teller)
    response = post(
        c,
        f"/api/v1/persons/{cast.person.pk}/documents",
        {"doc_type": "resident_id", "number": "11010519491231002X"},
    )
    assert response.status_code == 422 and "birth date" in response.json()["error"]["fields"]["number"]
    assert cast.person.documents.count() == 1


def test_the_outsider_and_a_reviewer_may_not_add_documents(client, cast):
    for user in (cast.outsider, cast.reviewer):
        response = post(
            signed_in(client, user),
            f"/api/v1/persons/{cast.person.pk}/documents",
            {"doc_type": "passport", "number": "E12345678"},
        )
        assert response.status_code == 403
    assert cast.person.documents.count() == 1


def test_a_document_of_another_person_is_a_conflict(client, cast):
    c = signed_in(client, cast.teller)
    person_id = register(c).json()["id"]
    response = post(
        c,
        f"/api/v1/persons/{person_id}/documents",
        {"doc_type": "resident_id", "number": "500103195303071224"},
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "duplicate_document"


@pytest.mark.parametrize(
    ("field", "overrides", "says"),
    [
        ("doc_type", {"doc_type": "driving_licence"}, "Unknown document type"),
        ("number", {"number": "810000199008081013"}, "check digit"),
        ("number", {"number": ""}, "enter the document number"),
        ("name", {"name": ""}, "enter the name"),
        ("name", {"name": "陈家豪2"}, "digits"),
        ("phone", {"phone": "1381234567"}, "11-digit mobile"),
    ],
)
def test_bad_input_names_the_field_in_the_callers_language_and_changes_nothing(
    client, cast, field, overrides, says
):
    c = signed_in(client, cast.teller)
    before = (Person.objects.count(), IdentityDocument.objects.count(), AuditEntry.objects.count())
    response = register(c, **overrides)
    assert response.status_code == 422
    assert says in response.json()["error"]["fields"][field]
    assert (Person.objects.count(), IdentityDocument.objects.count(), AuditEntry.objects.count()) == before


def test_the_same_refusal_is_in_chinese_by_default(client, cast):
    response = signed_in(client, cast.teller).post(
        "/api/v1/persons",
        {"name": "陈家豪", "doc_type": "hk_macau_residence_permit", "number": "810000199008081013"},
        content_type="application/json",
    )
    assert "校验" in response.json()["error"]["fields"]["number"]


@pytest.mark.parametrize("phone", ["138 1234 5678", "+86 138-1234-5678", "+85291234567"])
def test_mainland_and_international_phones_are_accepted_and_stored_without_separators(client, cast, phone):
    response = register(signed_in(client, cast.teller), phone=phone)
    assert response.status_code == 201
    stored = Person.objects.get(pk=response.json()["id"]).phone
    assert stored in {"13812345678", "+85291234567"}


def test_the_models_refuse_an_invalid_number_or_name_outside_the_services_too(cast):
    document = IdentityDocument(person=cast.person, doc_type="resident_id", number="110105194912310021")
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "number" in error.value.message_dict
    good = IdentityDocument(person=cast.person, doc_type="passport", number=" e1234 5678 ")
    good.full_clean()
    assert good.number == "E12345678"
    person = Person(name="王\ue000")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "name" in error.value.message_dict


def test_a_search_by_passport_number_is_logged_masked(client, cast):
    signed_in(client, cast.teller).get("/staff/persons/", {"q": "E12345678"})
    entry = AuditEntry.objects.get(action="people.person.searched")
    assert "E12345678" not in str(entry.data) and entry.data["query"] == "E1*****78"


def test_a_search_by_name_is_logged_masked(client, cast):
    signed_in(client, cast.teller).get("/staff/persons/", {"q": "李秀英"})
    assert AuditEntry.objects.get(action="people.person.searched").data["query"] == "李**"


def test_an_old_15_digit_number_finds_the_person_registered_with_18_digits(client, cast):
    page = signed_in(client, cast.teller).get("/staff/persons/", {"q": "500103530307122"}).content.decode()
    assert f"/staff/persons/{cast.person.pk}/" in page
