"""The daily scans: retirement in three months (person, employer and home agency, with the retirement
bundle's items), past retirement age and not claimed, flexible workers in arrears, certification due; a
re-run writes nothing twice; `scan-notices --date` runs them."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from shebao.core.retirement import retirement_age
from shebao.notify.models import Delivery, Notice
from shebao.notify.scans import births_retiring_in, scan_notices
from shebao.people.models import Employer, InsuranceRecord, Person, Recipient
from shebao.records.tests.helpers import a_batch, a_month

pytestmark = pytest.mark.django_db
DAY = date(2026, 12, 3)  # three months ahead (92 days): 2027-03


def insured(name, sex, birth, agency, employer=None) -> Person:
    person = Person.objects.create(name=name, sex=sex, birth_date=birth, phone="13800001234")
    InsuranceRecord.objects.create(
        person=person, insurance_type="employee_pension", home_agency=agency, employer=employer,
        start_date=date(1990, 1, 1), status="active",
    )  # fmt: skip
    return person


def test_births_retiring_in_a_month_follow_the_schedule():
    for category in ("male", "female_worker", "female_cadre"):
        for target in range(2025 * 12, 2045 * 12):
            birth = births_retiring_in(category, target)
            if birth is not None:
                assert retirement_age(category, birth // 12, birth % 12 + 1).retire_on == target


def test_retirement_in_three_months_tells_the_person_the_employer_and_the_home_agency(
    cast, seeded, catalogue
):
    employer = Employer.objects.create(
        credit_code="91500103MA5U7G5R4R", name="重庆山城机械厂", home_agency=cast.yuzhong
    )
    # Women workers born 1976-07 are 50y10m: they retire 2027-05; born 1976-06 (50y9m): 2027-03.
    woman_born = births_retiring_in("female_worker", 2027 * 12 + 2)
    assert woman_born == 1976 * 12 + 5
    woman = insured("王芳", "F", date(woman_born // 12, woman_born % 12 + 1, 15), cast.yuzhong, employer)
    insured("赵丽", "F", date(woman_born // 12, woman_born % 12 + 1, 15), cast.yuzhong)  # the same cohort
    insured("钱红", "F", date(1976, 1, 1), cast.yuzhong)  # another cohort: not told now
    assert scan_notices(DAY)["retirement_due"] == 2
    notice = Notice.objects.get(scenario__code="retirement_due", person=woman)
    assert notice.period == "2027-03"
    deliveries = Delivery.objects.filter(notice=notice)
    assert {(d.audience, d.channel) for d in deliveries} == {
        ("person", "inbox"),
        ("person", "sms"),
        ("employer", "inbox"),
        ("agency", "inbox"),
    }
    text = deliveries.get(audience="person", channel="inbox").body
    assert "2027-03" in text and "退休申请" in text  # the retirement bundle's items from the catalogue
    assert scan_notices(DAY)["retirement_due"] == 0  # a re-run: nothing twice
    assert Notice.objects.filter(scenario__code="retirement_due").count() == 2


def test_past_retirement_age_and_not_claimed_is_told_once_a_quarter(cast, seeded):
    old = insured("孙大伟", "M", date(1964, 5, 1), cast.yuzhong)  # 60 in 2024-05, no pension
    claimed = insured("周建国", "M", date(1963, 5, 1), cast.yuzhong)
    Recipient.objects.create(person=claimed, benefit_type="employee_pension", home_agency=cast.yuzhong,
                             monthly_amount=Decimal("3000.00"), start_date=date(2023, 6, 1))  # fmt: skip
    insured("吴年轻", "M", date(1980, 5, 1), cast.yuzhong)
    assert scan_notices(DAY)["retirement_unclaimed"] == 1
    assert Notice.objects.get(scenario__code="retirement_unclaimed").person == old
    assert scan_notices(date(2026, 12, 31))["retirement_unclaimed"] == 0
    assert scan_notices(date(2027, 1, 2))["retirement_unclaimed"] == 1  # the next quarter


def test_a_flexible_worker_in_arrears_is_told_how_much_and_until_when(cast, seeded):
    batch = a_batch()
    person = insured("郑灵活", "M", date(1980, 5, 1), cast.yuzhong)
    for month in (9, 10):
        a_month(person, batch, month=date(2026, month, 1), state="arrears", personal_amount=Decimal("850.50"))
    a_month(person, batch, month=date(2026, 8, 1), personal_amount=Decimal("850.50"))  # paid
    assert scan_notices(DAY)["contribution_arrears"] == 1
    body = Delivery.objects.get(notice__scenario__code="contribution_arrears", channel="inbox").body
    assert "1701.00" in body and "2026-09" in body and "2026-10" in body and "2027-01-31" in body


def test_certification_due_within_the_lead_time(cast, seeded):
    recipient = cast.person.benefits.get()
    recipient.next_certification_due = date(2026, 12, 20)
    recipient.save()
    written = scan_notices(DAY)
    assert written["certification_due"] == 1 and written["certification_overdue"] == 0
    assert scan_notices(date(2026, 12, 21))["certification_overdue"] == 1


def test_the_command_scans_a_given_day_and_refuses_a_bad_one(cast, seeded, capsys):
    insured("孙大伟", "M", date(1964, 5, 1), cast.yuzhong)
    call_command("scan_notices", "--date", "2026-12-03")
    assert "retirement_unclaimed: 1" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("scan_notices", "--date", "2026-13-01")


def test_the_annual_statement_is_announced_once_a_year_from_february(cast, seeded):
    insured("孙大伟", "M", date(1970, 5, 1), cast.yuzhong)
    assert scan_notices(date(2027, 1, 15))["annual_statement"] == 0  # before the statement day
    assert scan_notices(date(2027, 2, 1))["annual_statement"] == 1
    assert scan_notices(date(2027, 6, 1))["annual_statement"] == 0
    assert Notice.objects.get(scenario__code="annual_statement").period == "2026"
