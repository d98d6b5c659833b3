"""The demo's ledger agrees with the demo's people: insured persons have months (with gaps, arrears, late
payments and flexible-worker spells among them), recipients have 24 months of payments whose January
change is the yearly adjustment, the showcase has one back-pay month and one deduction, and a second
seeding adds nothing."""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.db import transaction
from django.test import override_settings

from shebao.core import demo as core_demo
from shebao.people import demo as people_demo
from shebao.people.demo_showcase import SHOWCASE_LEGACY_15_ID, SHOWCASE_MINORITY_ID
from shebao.people.models import InsuranceRecord, Person, Recipient
from shebao.records import demo
from shebao.records.models import BenefitPayment, ContributionMonth, ImportBatch
from shebao.records.selectors import person_account

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seeds of core, people and records, as seed_demo runs them, at a small size: once for the
    module, in a transaction rolled back after its last test (each test's own changes roll back too)."""
    from django.conf import settings

    small = {**settings.SHEBAO, "DEMO_PERSONS": 300}
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(SHEBAO=small):
        out = StringIO()
        for module in (core_demo, people_demo, demo):
            module.seed(rng_seed=16, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_every_active_insured_person_has_last_month_or_a_reason(seeded):
    last = date(2026, 10, 1)
    active = InsuranceRecord.objects.filter(
        status="active", start_date__lt=last, insurance_type="employee_pension"
    )
    assert active.exists()
    for record in active:
        lines = ContributionMonth.objects.filter(person=record.person, scheme="employee_pension")
        assert lines.exists(), record.person_id


def test_the_histories_have_gaps_arrears_late_payments_and_flexible_spells(seeded):
    states = set(ContributionMonth.objects.values_list("state", flat=True))
    assert {"paid", "arrears", "paid_late"} <= states
    late = ContributionMonth.objects.filter(state="paid_late").first()
    assert late.late_fee > 0
    both = Person.objects.filter(
        contribution_months__employer__isnull=True, contribution_months__scheme="employee_pension"
    ).filter(contribution_months__employer__isnull=False)
    assert both.exists()  # an employee who spent a spell as a flexible worker
    gaps = 0
    for person in Person.objects.filter(records__insurance_type="employee_pension", records__status="active"):
        got = sorted(
            set(
                ContributionMonth.objects.filter(person=person, scheme="employee_pension").values_list(
                    "month", flat=True
                )
            )
        )
        if got and (got[-1].year * 12 + got[-1].month) - (got[0].year * 12 + got[0].month) + 1 > len(got):
            gaps += 1
    assert gaps > 0


def test_every_payment_month_of_a_recipient_adds_up_and_january_is_the_adjustment(seeded):
    recipient = Recipient.objects.filter(
        benefit_type="employee_pension", status="active", start_date__lt=date(2024, 1, 1)
    ).first()
    by_month = defaultdict(dict)
    for line in BenefitPayment.objects.filter(recipient=recipient):
        by_month[line.month][line.part] = line.amount
    assert len(by_month) == 24 and min(by_month) == date(2024, 12, 1)
    total = {month: sum(parts.values(), Decimal(0)) for month, parts in by_month.items()}
    assert total[date(2026, 11, 1)] == recipient.monthly_amount
    # What changed in January 2026 is the adjustment line, nothing else.
    change = total[date(2026, 1, 1)] - total[date(2025, 12, 1)]
    assert change > 0
    assert change == by_month[date(2026, 1, 1)]["adjustment"] - by_month[date(2025, 12, 1)]["adjustment"]
    assert by_month[date(2024, 12, 1)].keys() == {"basic_part", "account_part", "transitional_part"}


def test_the_showcase_has_one_back_pay_month_and_one_deduction(seeded):
    back_pay = BenefitPayment.objects.get(part="back_pay")
    assert back_pay.recipient.person.documents.filter(number=SHOWCASE_LEGACY_15_ID).exists()
    held = BenefitPayment.objects.filter(recipient=back_pay.recipient, state="held", part="basic_part")
    assert {p.month for p in held} == {date(2025, 6, 1), date(2025, 7, 1)}
    held_total = sum(
        BenefitPayment.objects.filter(recipient=back_pay.recipient, state="held").values_list(
            "amount", flat=True
        )
    )
    assert back_pay.amount == held_total and back_pay.month == date(2025, 8, 1)
    deduction = BenefitPayment.objects.get(part="deduction")
    assert deduction.amount < 0
    assert deduction.recipient.person.documents.filter(number=SHOWCASE_MINORITY_ID).exists()


def test_an_insured_employee_s_account_earns_interest(seeded):
    person = (
        ContributionMonth.objects.filter(scheme="employee_pension", month__lt=date(2020, 1, 1)).first().person
    )
    ledger = person_account(person, until=date(2026, 11, 24))
    assert ledger.interest(2019) > 0 and ledger.balance > 0


def test_seeding_again_adds_nothing(seeded):
    counts = (ContributionMonth.objects.count(), BenefitPayment.objects.count(), ImportBatch.objects.count())
    out = StringIO()
    demo.seed(rng_seed=16, stdout=out)
    assert "already seeded" in out.getvalue()
    assert (
        ContributionMonth.objects.count(),
        BenefitPayment.objects.count(),
        ImportBatch.objects.count(),
    ) == counts
