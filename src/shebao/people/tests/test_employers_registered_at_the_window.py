"""An employer registers for social insurance (单位参保登记) at a window: the teller records its unified
social credit code, name and address and its handling staff (经办人), who is found by their document or
registered with it; the registration is audited and told to the rest of the system once. Bad input, a code
already taken and anyone but a teller change nothing; the same registration sent twice is one."""

import pytest
from django.urls import reverse

from shebao.core import events
from shebao.core.models import AuditEntry
from shebao.people.models import Employer, Person
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}
URL = "/staff/persons/employers/new/"
NEW = {
    "credit_code": "91500105ma60xy1235 ",  # typed in lower case with a space: read as printed
    "name": "重庆江北新材料有限公司",
    "address": "重庆市江北区建新北路8号",
    "handler_name": "钱经办",
    "handler_doc_type": "resident_id",
    "handler_number": "500103198001011238",
    "handler_phone": "13900002222",
}


@pytest.fixture
def told(monkeypatch):
    seen: list[events.Event] = []
    events.subscribe("people.employer.registered", seen.append)
    yield seen
    events.unsubscribe("people.employer.registered", seen.append)


def test_a_teller_registers_an_employer_and_its_handling_staff(client, cast, told):
    c = signed_in(client, cast.teller)
    assert c.get(URL).status_code == 200
    response = c.post(URL, NEW, follow=True)
    employer = Employer.objects.get(credit_code="91500105MA60XY1235")
    handler = Person.objects.get(documents__number=NEW["handler_number"])
    assert employer.name == NEW["name"] and employer.handler == handler and employer.registered_at
    assert employer.home_agency == cast.teller.staff.agency
    assert handler.phone == "13900002222"
    page = response.content.decode()
    assert employer.name in page and NEW["handler_number"] not in page  # the handler's number masked
    assert AuditEntry.objects.filter(action="people.employer.registered", object_id=str(employer.pk)).exists()
    assert [(e.person_id, e.data["employer_id"]) for e in told] == [(handler.pk, employer.pk)]


def test_a_handler_already_known_is_not_registered_twice(client, cast, told):
    c = signed_in(client, cast.teller)
    known = cast.person  # 500103195303071224 in the cast
    number = known.documents.get().number
    c.post(URL, NEW | {"handler_name": known.name, "handler_number": number, "handler_phone": ""})
    assert Employer.objects.get(name=NEW["name"]).handler == known
    assert Person.objects.filter(documents__number=number).count() == 1


def test_a_known_document_under_another_name_is_refused(client, cast, told):
    c = signed_in(client, cast.teller)
    number = cast.person.documents.get().number
    response = c.post(URL, NEW | {"handler_number": number}, headers=EN)
    assert response.status_code == 422 and 'id="handler_name-error"' in response.content.decode()
    assert not Employer.objects.filter(name=NEW["name"]).exists() and told == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credit_code", "91500105MA60XY1236"),  # a wrong check character
        ("name", " "),
        ("handler_name", ""),
        ("handler_number", "500103198001011239"),
        ("handler_phone", "12345"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(client, cast, told, field, value):
    c = signed_in(client, cast.teller)
    persons = Person.objects.count()
    response = c.post(URL, NEW | {field: value}, headers=EN)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.content.decode()
    assert not Employer.objects.exists() and Person.objects.count() == persons and told == []


def test_the_same_registration_twice_is_one_and_another_on_the_code_is_refused(client, cast, told):
    c = signed_in(client, cast.teller)
    c.post(URL, NEW)
    again = c.post(URL, NEW, follow=True)  # a double tap, a retry after a lost answer
    assert again.status_code == 200 and Employer.objects.count() == 1 and len(told) == 1
    other = c.post(URL, NEW | {"name": "另一家公司"}, headers=EN)
    assert other.status_code == 409 and 'data-testid="register-error"' in other.content.decode()
    assert Employer.objects.get().name == NEW["name"] and len(told) == 1


@pytest.mark.parametrize("who", ["reviewer", "manager", "auditor", "outsider"])
def test_only_a_teller_may_register_an_employer(client, cast, told, who):
    c = signed_in(client, getattr(cast, who))
    assert c.get(URL).status_code == 403
    assert c.post(URL, NEW).status_code == 403
    assert not Employer.objects.exists() and told == []


def test_an_unknown_code_at_the_employer_window_leads_the_teller_to_register_it(client, cast):
    c = signed_in(client, cast.teller)
    page = c.get(reverse("cases:accept_employer"), {"credit_code": "91500105MA60XY1235"}).content.decode()
    assert 'data-testid="register-employer-link"' in page and URL in page
