"""Ledger lines for tests: one batch, and lines with sensible defaults."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from shebao.records.models import BenefitPayment, ContributionMonth, ImportBatch


def a_batch(name: str = "test.csv", kind: str = "contributions") -> ImportBatch:
    return ImportBatch.objects.create(
        file_name=name, sha256=f"{name:0>64}"[-64:], kind=kind, applied_at=timezone.now()
    )


def a_month(person, batch, month=date(2024, 1, 1), **values) -> ContributionMonth:
    fields = {
        "scheme": "employee_pension",
        "base": Decimal("5000.00"),
        "employer_amount": Decimal("800.00"),
        "personal_amount": Decimal("400.00"),
        "account_amount": Decimal("400.00"),
        "state": "paid",
    } | values
    return ContributionMonth.objects.create(person=person, batch=batch, month=month, **fields)


def a_payment(recipient, batch, month=date(2024, 1, 1), **values) -> BenefitPayment:
    fields = {"part": "basic_part", "amount": Decimal("2000.00"), "state": "paid"} | values
    return BenefitPayment.objects.create(recipient=recipient, batch=batch, month=month, **fields)
