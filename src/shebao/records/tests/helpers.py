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


EMPLOYER_CODE = "91500103MA5U7G5R4R"  # a valid unified social credit code (check character R)
CAST_ID = "500103195303071224"  # the cast person's resident ID (shebao.testing)
CONTRIBUTION_HEADER = (
    "id_number,scheme,month,employer_code,base,employer_amount,personal_amount,account_amount,state,late_fee"
)
PAYMENT_HEADER = "id_number,benefit,month,part,amount,state,bank_account,note"


def an_employer(cast):
    from shebao.people.models import Employer

    return Employer.objects.create(credit_code=EMPLOYER_CODE, name="重庆山城机械厂", home_agency=cast.yuzhong)


def write_csv(path, header: str, *lines: str):
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path
