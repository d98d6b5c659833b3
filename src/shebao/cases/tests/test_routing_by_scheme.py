"""Issue 13: a case goes to the agency holding the applicant's record of the item's insurance scheme, not
to the first record found; an item with no record of its scheme is refused, and nothing is created."""

import json
from datetime import date

import pytest

from shebao.cases import services
from shebao.cases.models import Case, Submission
from shebao.cases.tests.helpers import new_key
from shebao.catalog.models import ServiceItem
from shebao.core.errors import ValidationFailed
from shebao.people.models import InsuranceRecord, Person
from shebao.testing import signed_in

RECEIVED = {"resident_id_card", "unemployment_registration"}


def _accept(world, person, item_code="T-UNE"):
    return services.case_accept(
        teller=world.cast.teller,
        person=person,
        item_code=item_code,
        received=RECEIVED,
        idempotency_key=new_key(),
    )


def _insured(person, scheme, agency, since=date(2010, 1, 1)):
    InsuranceRecord.objects.create(person=person, insurance_type=scheme, home_agency=agency, start_date=since)


@pytest.fixture
def worker(world):
    """Paying pension at Yuzhong since 2020 (the latest record), unemployment at Wanzhou since 2010."""
    person = Person.objects.create(name="周建国", sex="M", birth_date=date(1980, 5, 1))
    _insured(person, "employee_pension", world.cast.yuzhong, since=date(2020, 1, 1))
    _insured(person, "unemployment", world.cast.wanzhou)
    return person


def test_an_unemployment_item_goes_to_the_unemployment_records_agency_not_the_latest_record(world, worker):
    case = _accept(world, worker).case
    assert case.home_agency == world.cast.wanzhou
    assert case.number.startswith("500101-")


def test_a_work_injury_item_goes_to_the_work_injury_records_agency(world, worker):
    ServiceItem.objects.filter(code="T-UNE").update(category="work_injury")
    _insured(worker, "work_injury", world.cast.jiangbei)
    assert _accept(world, worker).case.home_agency == world.cast.jiangbei


def test_an_item_whose_scheme_the_applicant_has_no_record_of_is_refused_and_nothing_is_made(world, worker):
    ServiceItem.objects.filter(code="T-UNE").update(category="work_injury")
    with pytest.raises(ValidationFailed) as refused:
        _accept(world, worker)
    assert refused.value.code == "no_record_of_scheme" and "item" in refused.value.fields
    assert "失业保险金申领" in str(refused.value.message)
    assert not Case.objects.exists() and not Submission.objects.exists()


def test_an_item_of_no_scheme_is_decided_by_the_outlets_agency_for_a_person_insured_nowhere(world):
    ServiceItem.objects.filter(code="T-UNE").update(category="registration")
    newcomer = Person.objects.create(name="吴新", sex="F", birth_date=date(2001, 2, 3))
    assert _accept(world, newcomer).case.home_agency == world.cast.jiangbei  # the bank point's agency


def test_an_item_that_opens_a_record_is_decided_where_the_person_lives(world):
    """Registration for someone insured nowhere goes to the district their address names (万州区), not to
    the agency of the bank point in Jiangbei where they happened to apply."""
    ServiceItem.objects.filter(code="T-UNE").update(category="registration")
    newcomer = Person.objects.create(
        name="吴新", sex="F", birth_date=date(2001, 2, 3), address="重庆市万州区高笋塘街道白岩路12号"
    )
    assert _accept(world, newcomer).case.home_agency == world.cast.wanzhou


def test_the_api_refuses_an_item_without_a_record_of_its_scheme_with_a_clear_422(client, world, worker):
    InsuranceRecord.objects.filter(person=worker, insurance_type="unemployment").delete()
    signed_in(client, world.cast.teller)
    body = {"person_id": worker.pk, "item_code": "T-UNE", "received": sorted(RECEIVED)}
    response = client.post(
        "/api/v1/cases", json.dumps(body), content_type="application/json", headers={"Idempotency-Key": "k1"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "no_record_of_scheme"
    assert not Case.objects.exists()
