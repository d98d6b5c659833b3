"""Reading a person's record: scoped by the permission rules, masked, and always audited."""

import pytest
from django.urls import reverse

from shebao.core.models import AuditEntry
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


def test_a_teller_at_any_outlet_reads_a_person_of_another_district_and_the_read_is_audited(client, cast):
    response = signed_in(client, cast.teller).get(reverse("people:detail", args=[cast.person.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="people.person.viewed")
    assert entry.actor_id == cast.teller.pk
    assert entry.object_id == str(cast.person.pk)


def test_the_page_shows_the_id_number_masked_and_never_in_full(client, cast):
    body = (
        signed_in(client, cast.reviewer).get(reverse("people:detail", args=[cast.person.pk])).content.decode()
    )
    assert "500103********1224" in body
    assert "500103195303071224" not in body
    assert "13812345678" not in body and "138****5678" in body


def test_the_outsider_from_another_district_is_refused_and_nothing_is_logged_as_read(client, cast):
    response = signed_in(client, cast.outsider).get(reverse("people:detail", args=[cast.person.pk]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="people.person.viewed").exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, cast):
    response = client.get(reverse("people:detail", args=[cast.person.pk]))
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def test_search_finds_a_person_by_full_number_but_not_by_a_fragment(client, cast):
    c = signed_in(client, cast.teller)
    found = c.get(reverse("people:search"), {"q": "500103195303071224"}).content.decode()
    assert reverse("people:detail", args=[cast.person.pk]) in found
    fragment = c.get(reverse("people:search"), {"q": "5001031953"}).content.decode()
    assert reverse("people:detail", args=[cast.person.pk]) not in fragment


def test_the_outsider_cannot_find_the_person_by_number(client, cast):
    found = signed_in(client, cast.outsider).get(reverse("people:search"), {"q": "500103195303071224"})
    assert reverse("people:detail", args=[cast.person.pk]) not in found.content.decode()
