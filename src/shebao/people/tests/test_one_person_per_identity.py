"""One person per identity: an old 15-digit ID and its 18-digit form, or the same number under two
document types, are the same person, so registering it again is refused (409, nothing stored) and the
teller is sent to the person already there; the person's own other form may be added to them."""

import pytest
from django.urls import reverse

from shebao.core.errors import Conflict
from shebao.people import services
from shebao.people.models import IdentityDocument, Person
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db
OLD_FORM = "500103530307122"  # the cast person's 500103195303071224 as issued before 1999


def register(client, cast, **fields):
    data = {"name": "李秀英", "doc_type": "resident_id_15", "number": OLD_FORM, "phone": ""} | fields
    return signed_in(client, cast.teller).post(reverse("people:register"), data)


def test_the_old_15_digit_form_of_a_registered_id_is_the_same_person(client, cast):
    before = Person.objects.count()
    response = register(client, cast)
    assert response.status_code == 409
    assert "同一人" in response.content.decode()
    assert Person.objects.count() == before and not IdentityDocument.objects.filter(number=OLD_FORM).exists()


def test_the_18_digit_form_of_a_registered_old_id_is_the_same_person(client, cast):
    old = services.person_register(
        user=cast.teller, name="王建国", doc_type="resident_id_15", number="110105491231002"
    )
    response = register(client, cast, name="王建国", doc_type="resident_id", number="11010519491231002X")
    assert response.status_code == 409 and Person.objects.filter(name="王建国").count() == 1
    assert old.documents.count() == 1


def test_the_same_number_under_another_document_type_is_the_same_person(client, cast):
    services.person_register(
        user=cast.teller, name="林志明", doc_type="taiwan_travel_permit", number="12345678"
    )
    response = register(client, cast, name="林志明", doc_type="passport", number="12345678")
    assert response.status_code == 409 and Person.objects.filter(name="林志明").count() == 1


def test_the_person_may_hold_both_forms_of_their_own_number(cast):
    document = services.person_add_document(
        user=cast.teller, person_id=cast.person.pk, doc_type="resident_id_15", number=OLD_FORM
    )
    assert document.person == cast.person
    with pytest.raises(Conflict):
        services.person_register(user=cast.teller, name="李秀英", doc_type="resident_id_15", number=OLD_FORM)
