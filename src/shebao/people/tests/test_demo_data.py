"""The demo data set of persons: valid documents of every type, valid employers, plausible insurance, a
stable showcase cast, and a second seeding that adds nothing."""

import random
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest

from shebao.core import demo as core_demo
from shebao.core.auditchain import seal_pending, verify_chain
from shebao.core.idcards import DocType, validate_id, validate_uscc
from shebao.core.models import Agency, AuditEntry
from shebao.people import demo, demo_showcase
from shebao.people.models import (
    BenefitType,
    Employer,
    IdentityDocument,
    InsuranceRecord,
    Person,
    Recipient,
    RecipientStatus,
)

pytestmark = pytest.mark.django_db
PERSONS = 300


def seed(rng_seed: int = 11) -> str:
    # The seeds of core and people only, as seed_demo runs them: the other apps' data are not needed here.
    out = StringIO()
    core_demo.seed(rng_seed=rng_seed, stdout=out)
    demo.seed(rng_seed=rng_seed, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(settings):
    settings.SHEBAO = {**settings.SHEBAO, "DEMO_PERSONS": PERSONS}
    return seed()


def counts() -> dict[str, int]:
    models = (Person, IdentityDocument, Employer, InsuranceRecord, Recipient, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


def test_seeding_makes_the_configured_number_of_persons_and_a_second_run_adds_nothing(seeded, settings):
    first = counts()
    assert first["Person"] == PERSONS
    assert "people: already seeded" in seed()
    assert counts() == first


def test_every_document_number_is_valid_and_agrees_with_the_persons_sex_and_birth_date(seeded):
    documents = IdentityDocument.objects.select_related("person")
    assert documents.count() >= PERSONS
    for document in documents:
        check = validate_id(document.doc_type, document.number)
        assert check.valid and check.number == document.number, (document.doc_type, document.number)
        if check.birth_date:
            assert check.birth_date == document.person.birth_date
        if check.sex:
            assert check.sex == document.person.sex


def test_every_person_has_exactly_one_primary_document(seeded):
    for person in Person.objects.prefetch_related("documents"):
        assert [d.primary for d in person.documents.all()].count(True) == 1, person.name


def test_persons_hold_every_type_of_document(seeded):
    held = set(IdentityDocument.objects.values_list("doc_type", flat=True))
    assert held == {t.value for t in DocType}


def test_some_legacy_15_digit_ids_stand_beside_the_18_digit_number_of_the_same_person(seeded):
    pairs = 0
    for old in IdentityDocument.objects.filter(doc_type=DocType.RESIDENT_ID_15, primary=False):
        new = IdentityDocument.objects.get(person=old.person, doc_type=DocType.RESIDENT_ID)
        assert new.number[:6] + new.number[8:17] == old.number
        pairs += 1
    assert pairs > 0
    only_old = IdentityDocument.objects.get(number=demo_showcase.SHOWCASE_LEGACY_15_ID)
    assert only_old.person.documents.count() == 1


def test_names_include_rare_characters_minority_names_and_compound_surnames(seeded):
    names = set(Person.objects.values_list("name", flat=True))
    assert "王𠇔" in names and "阿依古丽·买买提" in names
    assert any("·" in name for name in names)
    showcase = IdentityDocument.objects.get(number=demo_showcase.SHOWCASE_RARE_NAME_ID).person
    assert showcase.name == "王𠇔"  # stored as given, outside the Basic Multilingual Plane


def test_every_employer_has_a_valid_credit_code_and_a_district_home_agency(seeded):
    employers = Employer.objects.select_related("home_agency")
    assert employers.count() >= 12
    for employer in employers:
        assert validate_uscc(employer.credit_code) == (True, None), employer.credit_code
        assert employer.home_agency.level == "district"
        assert employer.credit_code[2:8] == employer.home_agency.code


def test_the_showcase_pensioner_is_the_first_person_with_an_employee_pension_in_yuzhong(seeded):
    person = Person.objects.order_by("pk").first()
    assert person.documents.get().number == demo_showcase.SHOWCASE_RESIDENT_ID
    assert person.birth_date.year == 1953
    record = person.records.get(insurance_type="employee_pension")
    assert record.home_agency.code == "500103"
    benefit = person.benefits.get(benefit_type=BenefitType.EMPLOYEE_PENSION)
    assert benefit.monthly_amount == Decimal("3452.60") and benefit.status == RecipientStatus.ACTIVE


def test_the_showcase_numbers_are_valid_and_each_belongs_to_one_seeded_person(seeded):
    constants = {name: value for name, value in vars(demo).items() if name.startswith("SHOWCASE_")}
    numbers = [v for k, v in constants.items() if isinstance(v, str) and k not in {"SHOWCASE_EMPLOYER_NAME"}]
    for number in numbers:
        if number == demo_showcase.SHOWCASE_EMPLOYER_CODE:
            assert Employer.objects.filter(credit_code=number).exists()
        else:
            assert IdentityDocument.objects.filter(number=number).count() == 1, number
    worker = IdentityDocument.objects.get(number=demo_showcase.SHOWCASE_WORKER_ID).person
    assert {r.employer.credit_code for r in worker.records.all()} == {demo_showcase.SHOWCASE_EMPLOYER_CODE}
    suspended = IdentityDocument.objects.get(number=demo_showcase.SHOWCASE_SUSPENDED_ID).person.benefits.get()
    assert (
        suspended.status == RecipientStatus.SUSPENDED
        and suspended.next_certification_due < demo_showcase.REFERENCE_DATE
    )


def test_benefit_amounts_and_certification_dates_are_plausible(seeded):
    recipients = list(Recipient.objects.select_related("person"))
    assert recipients
    for r in recipients:
        if r.benefit_type == BenefitType.EMPLOYEE_PENSION:
            assert Decimal("1800") <= r.monthly_amount <= Decimal("6500")
        if r.benefit_type == BenefitType.RESIDENT_PENSION:
            assert Decimal("150") <= r.monthly_amount <= Decimal("600")
        assert r.monthly_amount == r.monthly_amount.quantize(Decimal("0.01"))
        assert r.start_date <= demo_showcase.REFERENCE_DATE
        window = (
            demo_showcase.REFERENCE_DATE - timedelta(days=90),
            demo_showcase.REFERENCE_DATE + timedelta(days=365),
        )
        assert window[0] <= r.next_certification_due <= window[1]
        if r.status == RecipientStatus.SUSPENDED:
            assert r.next_certification_due < demo_showcase.REFERENCE_DATE
    assert Recipient.objects.filter(benefit_type=BenefitType.SURVIVOR).exists()


def test_insured_persons_are_of_working_age_and_started_after_they_turned_sixteen(seeded):
    for record in InsuranceRecord.objects.select_related("person", "home_agency"):
        assert record.home_agency.code.startswith("50")
        assert record.start_date <= demo_showcase.REFERENCE_DATE
        assert record.start_date >= record.person.birth_date.replace(day=1) + timedelta(days=16 * 365)


def test_seeding_writes_one_audit_entry_per_app_and_the_chain_verifies(seeded):
    entry = AuditEntry.objects.get(action="people.demo.seeded")
    assert entry.data["persons"] == PERSONS
    assert AuditEntry.objects.filter(action="core.demo.seeded").count() == 1
    assert seal_pending() == AuditEntry.objects.count()
    assert verify_chain() is None


def plan(rng_seed: int, persons: int) -> demo.Plan:
    """What the seed would insert, built in memory only."""
    agencies = {a.code: a for a in Agency.objects.filter(level="district")}
    built = demo.Plan()
    generator = demo.Generator(random.Random(rng_seed), demo.load_pools(), agencies, built)
    generator.add_showcase()
    generator.add_employers(20)
    generator.add_random_persons(persons)
    return built


def test_the_same_seed_gives_the_same_persons(seeded):
    def numbers(rng_seed: int) -> list[tuple]:
        return [(d.person.name, d.number) for d in plan(rng_seed, 100).documents]

    assert numbers(5) == numbers(5)
    assert numbers(5) != numbers(6)


def test_a_full_size_population_has_compound_surnames_rare_characters_and_minority_names(seeded):
    names = [p.name for p in plan(3, 5000).persons[len(demo_showcase.SHOWCASE) :]]
    assert any(name.startswith(("欧阳", "司马", "诸葛", "上官", "令狐")) for name in names)
    assert any(name in {"王𠇔", "刘䶮", "陈堃", "张玥"} for name in names)
    assert sum("·" in name for name in names) > 5
    assert len(set(names)) > 1000  # realistic variety, not a handful of repeated names


def test_the_population_includes_elderly_recipients_residents_of_hong_kong_macau_taiwan_and_foreigners(
    seeded,
):
    reference = demo_showcase.REFERENCE_DATE
    ages = [reference.year - r.person.birth_date.year for r in Recipient.objects.select_related("person")]
    assert sum(age >= 80 for age in ages) >= 5 and max(ages) >= 85
    held = set(IdentityDocument.objects.values_list("doc_type", flat=True))
    assert {"hk_macau_residence_permit", "taiwan_residence_permit", "taiwan_travel_permit"} <= held
    foreigners = Person.objects.exclude(nationality="CHN")
    assert foreigners.exists()
    assert all(
        {d.doc_type for d in p.documents.all()} & {"passport", "foreign_permanent_residence"}
        for p in foreigners.prefetch_related("documents")
    )
