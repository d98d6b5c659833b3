"""A teller registers someone new from the workbench page: the person and their first document are
stored and the registration audited; bad input, a known document and anyone but a teller change nothing."""

import pytest
from django.urls import reverse

from shebao.core.models import AuditEntry
from shebao.people.models import IdentityDocument, Person
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}
NEW = {
    "name": "陈家豪",
    "doc_type": "hk_macau_residence_permit",
    "number": "810000199008081012",
    "phone": "13912345678",
}


def test_a_teller_registers_a_person_and_lands_on_the_masked_record(client, cast):
    c = signed_in(client, cast.teller)
    assert c.get(reverse("people:register")).status_code == 200
    response = c.post(reverse("people:register"), NEW, follow=True)
    person = Person.objects.get(documents__number=NEW["number"])
    assert response.redirect_chain[-1][0] == reverse("people:detail", args=[person.pk])
    page = response.content.decode()
    assert NEW["number"] not in page and "139****5678" in page
    assert AuditEntry.objects.filter(action="people.person.registered", object_id=str(person.pk)).exists()


def test_a_wrong_number_is_refused_with_the_field_named_and_nothing_stored(client, cast):
    c = signed_in(client, cast.teller)
    response = c.post(reverse("people:register"), NEW | {"number": "810000199008081013"}, headers=EN)
    assert response.status_code == 422
    assert 'id="number-error"' in response.content.decode()
    assert not Person.objects.filter(name="陈家豪").exists()


def test_a_document_already_registered_is_refused_and_nothing_stored(client, cast):
    c = signed_in(client, cast.teller)
    before = Person.objects.count()
    response = c.post(
        reverse("people:register"), NEW | {"doc_type": "resident_id", "number": "500103195303071224"}
    )
    assert response.status_code == 409
    assert 'data-testid="register-error"' in response.content.decode()
    assert Person.objects.count() == before and IdentityDocument.objects.count() == 1


@pytest.mark.parametrize("who", ["reviewer", "manager", "auditor", "outsider"])
def test_only_a_teller_may_register(client, cast, who):
    c = signed_in(client, getattr(cast, who))
    assert c.get(reverse("people:register")).status_code == 403
    assert c.post(reverse("people:register"), NEW).status_code == 403
    assert not Person.objects.filter(name="陈家豪").exists()


def test_a_search_that_finds_nobody_offers_registration_to_a_teller_only(client, cast):
    url = reverse("people:search")
    assert (
        'data-testid="register-link"'
        in signed_in(client, cast.teller).get(url, {"q": "无此人"}).content.decode()
    )
    client.logout()
    page = signed_in(client, cast.reviewer).get(url, {"q": "无此人"}).content.decode()
    assert "Nobody" in page or "没有" in page
    assert 'data-testid="register-link"' not in page


def test_the_record_offers_the_window_its_next_steps_and_the_back_office_none(client, cast):
    url = reverse("people:detail", args=[cast.person.pk])
    page = signed_in(client, cast.teller).get(url).content.decode()
    assert f"{reverse('cases:accept')}?person={cast.person.pk}" in page
    assert reverse("people:proxies", args=[cast.person.pk]) in page
    client.logout()
    page = signed_in(client, cast.reviewer).get(url).content.decode()
    assert (
        reverse("cases:accept") not in page and reverse("people:proxies", args=[cast.person.pk]) not in page
    )
