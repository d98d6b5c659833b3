"""Rare characters survive the database (SQLite and PostgreSQL), the API and the pages; look-alike dots
are stored as the ID card's middle dot, so any of them finds the person."""

import pytest
from django.urls import reverse

from shebao.core.idcards import validate_id
from shebao.core.tests.test_names import RARE
from shebao.people.models import Person
from shebao.people.services import person_register
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db

# Valid resident ID numbers for the registrations below (Yuzhong district, different sequences).
NUMBERS = [f"50010319800101{seq:03d}" for seq in range(100, 140)]


def number(i: int) -> str:
    body = NUMBERS[i]
    from stdnum.cn import ric

    full = body + ric.calc_check_digit(body + "?")
    assert validate_id("resident_id", full).valid
    return full


@pytest.mark.parametrize("i_name", list(enumerate(RARE.values())), ids=list(RARE.keys()))
def test_a_rare_name_is_read_back_from_the_database_exactly_and_found_by_name(cast, i_name):
    i, name = i_name
    person = person_register(user=cast.teller, name=name, doc_type="resident_id", number=number(i))
    stored = Person.objects.get(pk=person.pk)
    assert stored.name == name and len(stored.name) == len(name)
    assert Person.objects.filter(name=name).get().pk == person.pk


def test_a_name_of_100_characters_outside_the_bmp_fits_the_column(cast):
    name = "\U000201d4" * 100
    person = person_register(user=cast.teller, name=name, doc_type="resident_id", number=number(20))
    assert Person.objects.get(pk=person.pk).name == name


def test_a_name_typed_with_a_look_alike_dot_is_stored_with_the_id_cards_dot_and_found_by_any(client, cast):
    person = person_register(
        user=cast.teller, name="阿依古丽•买买提", doc_type="resident_id", number=number(21)
    )
    assert Person.objects.get(pk=person.pk).name == "阿依古丽\u00b7买买提"
    c = signed_in(client, cast.teller)
    for typed in ["阿依古丽·买买提", "阿依古丽‧买买提", "阿依古丽･买买提", "阿依古丽.买买提"]:
        page = c.get(reverse("people:search"), {"q": typed}).content.decode()
        assert reverse("people:detail", args=[person.pk]) in page, typed


def test_the_api_and_the_page_carry_a_rare_first_character_intact_and_mask_the_rest(client, cast):
    person = person_register(
        user=cast.teller, name="\U000201d4小明", doc_type="resident_id", number=number(22)
    )
    c = signed_in(client, cast.teller)
    assert c.get(f"/api/v1/persons/{person.pk}").json()["name"] == "\U000201d4**"
    page = c.get(reverse("people:detail", args=[person.pk])).content.decode("utf-8")
    assert "\U000201d4**" in page and "小明" not in page


def test_an_invalid_name_changes_nothing_and_names_the_field(client, cast):
    before = Person.objects.count()
    response = signed_in(client, cast.teller).post(
        "/api/v1/persons",
        {"name": "王\ue000", "doc_type": "resident_id", "number": number(23)},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert response.status_code == 422
    assert "private font" in response.json()["error"]["fields"]["name"]
    assert Person.objects.count() == before
