"""A silent run certifies every recipient with a sign of life, stops payment on a death, and keeps the
source, date and file; the same files again change nothing, and a run that crashed half-way, run again,
ends in the same state as one that never crashed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from shebao.certification import silent
from shebao.certification.evidence import EvidenceRefused
from shebao.certification.models import Certification, Cycle, Death, SilentRun, Suspension
from shebao.certification.tests.helpers import killed_after_the_first_chunk
from shebao.people.models import IdentityDocument, Person, Recipient
from shebao.records.tests.helpers import a_batch, a_payment

pytestmark = pytest.mark.django_db
UNTIL = date(2026, 12, 1)
MOTHER, FATHER, UNCLE = "500103195303071224", "500103195008011333", "500103194802021446"


def recipient(cast, name: str, number: str, **fields) -> Recipient:
    person = Person.objects.create(name=name, phone="13900000009")
    IdentityDocument.objects.create(person=person, doc_type="resident_id", number=number)
    values = {
        "benefit_type": "employee_pension", "home_agency": cast.yuzhong, "monthly_amount": Decimal("2800.00"),
        "start_date": date(2010, 1, 1), "next_certification_due": date(2026, 12, 31),
    } | fields  # fmt: skip
    return Recipient.objects.create(person=person, **values)


@pytest.fixture
def people(cast):
    mother = Recipient.objects.get(person=cast.person)
    mother.next_certification_due = date(2026, 12, 31)
    mother.save()
    father = recipient(cast, "李建国", FATHER)
    uncle = recipient(cast, "李建民", UNCLE, status="suspended")
    Suspension.objects.create(recipient=uncle, from_month=date(2026, 10, 1), reason="资格认证逾期未认证")
    batch = a_batch("payments.csv", kind="payments")
    for month in (7, 8, 9, 10, 11):
        a_payment(father, batch, date(2026, month, 1), amount=Decimal("2800.00"))
    return {"mother": mother, "father": father, "uncle": uncle}


def evidence(tmp_path: Path) -> list[Path]:
    medical = tmp_path / "medical-2026-11.csv"
    medical.write_text(
        "id_number,event_date,event,source\n"
        f"{MOTHER},2026-11-20,life,medical\n"
        f"{FATHER},2026-09-01,life,medical\n"
        f"{UNCLE.lower()},2026-11-02,life,medical\n"
        "not-a-number,2026-11-02,life,medical\n",
        encoding="utf-8",
    )
    deaths = tmp_path / "civil-affairs-2026-11.csv"
    deaths.write_text(
        f"id_number,event_date,event,source\n{FATHER},2026-08-10,death,civil_affairs\n", encoding="utf-8"
    )
    transit = tmp_path / "transit-2026-11.csv"
    transit.write_text(
        f"id_number,event_date,event,source\n{MOTHER},2026-11-25,life,transit\n", encoding="utf-8"
    )
    return [medical, deaths, transit]


def state() -> dict:
    """Everything a run changes, in a form two databases can be compared by."""
    return {
        "certifications": sorted(Certification.objects.values_list(
            "recipient_id", "certified_on", "method", "evidence_source", "evidence_file")),
        "recipients": sorted(Recipient.objects.values_list("pk", "status", "next_certification_due")),
        "cycles": sorted(Cycle.objects.values_list("recipient_id", "last_certified_on", "last_method")),
        "deaths": sorted(Death.objects.values_list("recipient_id", "died_on", "source")),
        "back_pay": sorted(Suspension.objects.values_list("recipient_id", "back_pay", "back_pay_months")),
    }  # fmt: skip


def test_a_run_certifies_the_living_and_stops_on_a_death(tmp_path, people):
    run = silent.silent_run(files=evidence(tmp_path), until=UNTIL)
    mother = Certification.objects.get(recipient=people["mother"])
    assert (mother.method, mother.certified_on) == ("silent", date(2026, 11, 25))
    assert mother.evidence_source == "medical,transit" and mother.evidence_file == "transit-2026-11.csv"
    assert Recipient.objects.get(pk=people["mother"].pk).next_certification_due == date(2027, 11, 25)
    father = Recipient.objects.get(pk=people["father"].pk)
    assert father.status == "stopped" and not Certification.objects.filter(recipient=father).exists()
    assert Death.objects.get(recipient=father).recovery.months == ["2026-09", "2026-10", "2026-11"]
    uncle = Recipient.objects.get(pk=people["uncle"].pk)
    assert uncle.status == "active"  # a sign of life resumes a suspended payment
    assert run.report["bad_rows"] == {"medical-2026-11.csv": {"bad_id_number": 1}}
    assert run.report["applied"] == {"certified": 2, "deaths": 1}
    assert run.report["left_to_reach"] == {}  # everyone due was reached
    assert run.state == "done" and run.report["by_source"] == {"medical": 2, "transit": 1}


def test_the_same_files_again_change_nothing(tmp_path, people):
    files = evidence(tmp_path)
    first = silent.silent_run(files=files, until=UNTIL)
    before = state()
    again = silent.silent_run(files=files, until=UNTIL)
    assert again.pk == first.pk and SilentRun.objects.count() == 1
    assert state() == before


def test_a_crash_half_way_and_a_rerun_end_as_one_clean_run(tmp_path, people, monkeypatch):
    files = evidence(tmp_path)
    clean = silent.silent_run(files=files, until=UNTIL, chunk=1)
    expected = state()
    # Start again from nothing, and crash after the first chunk is committed.
    Certification.objects.all().delete()
    for table in (Cycle, Suspension):
        table.objects.all().delete()
    for death in Death.objects.all():
        if hasattr(death, "recovery"):
            death.recovery.delete()
        death.delete()
    SilentRun.objects.all().delete()
    Recipient.objects.filter(pk=people["mother"].pk).update(
        status="active", next_certification_due=date(2026, 12, 31)
    )
    Recipient.objects.filter(pk=people["father"].pk).update(
        status="active", next_certification_due=date(2026, 12, 31)
    )
    Recipient.objects.filter(pk=people["uncle"].pk).update(
        status="suspended", next_certification_due=date(2026, 12, 31)
    )
    Suspension.objects.create(
        recipient=people["uncle"], from_month=date(2026, 10, 1), reason="资格认证逾期未认证"
    )
    from shebao.records.models import BenefitPayment

    BenefitPayment.objects.filter(part="back_pay").delete()
    BenefitPayment.objects.filter(recipient=people["father"]).update(state="paid")
    killed_after_the_first_chunk(monkeypatch)
    with pytest.raises(SystemExit):
        silent.silent_run(files=files, until=UNTIL, chunk=1)
    crashed = SilentRun.objects.get()
    assert crashed.state == "running" and crashed.applied_upto > 0
    assert Certification.objects.count() + Death.objects.count() == 1  # the first chunk, committed
    silent.silent_run(files=files, until=UNTIL, chunk=1)
    assert SilentRun.objects.get().state == "done"
    assert state() == expected
    assert clean.report["applied"] == SilentRun.objects.get().report["applied"]


def test_a_file_with_a_bad_structure_is_refused_before_anything_runs(tmp_path, people):
    bad = tmp_path / "bank.csv"
    bad.write_text("id,when,what\n1,2,3\n", encoding="utf-8")
    with pytest.raises(EvidenceRefused):
        silent.silent_run(files=[*evidence(tmp_path), bad], until=UNTIL)
    assert not SilentRun.objects.exists() and not Certification.objects.exists()
