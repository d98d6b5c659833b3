"""The demo's ledger, consistent with the people app's demo: every insured person's contribution months
from their insurance records, every recipient's last 24 months of payments in parts.

Contributions: the enterprise employees' pension from 2016 (the years whose crediting rates are seeded,
so accounts show interest), the other schemes for the last three years, residents' pension once a year;
the base is set yearly from the person's wage index. Some employees have a gap (a job change, sometimes
to another employer), some a period as a flexible worker, some months in arrears or paid late with a late
fee, and a refunded month. Payments: basic, account and transitional parts fixed at the first month shown,
the January yearly adjustment as its own line (2% for employees' pensions, 20 yuan for residents'),
months held while a certification is overdue, and in the showcase one back-pay month (谭志高, two held
months paid in August 2025) and one deduction (阿依古丽·买买提, March 2026).
Deterministic (random.Random(rng_seed)); the demo batch's marker makes a second run add nothing.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from shebao.core.audit import log_action
from shebao.people.demo_showcase import REFERENCE_DATE, SHOWCASE_LEGACY_15_ID, SHOWCASE_MINORITY_ID
from shebao.people.models import (
    Employer,
    IdentityDocument,
    InsuranceRecord,
    Recipient,
    RecipientStatus,
    RecordStatus,
)
from shebao.records.account import to_fen
from shebao.records.bulk import insert_rows
from shebao.records.importer import default_account_amount
from shebao.records.models import (
    BatchKind,
    BenefitPayment,
    ContributionMonth,
    ContributionState,
    ImportBatch,
    PaymentPart,
    PaymentState,
    Scheme,
)
from shebao.records.selectors import add_months

CONTRIBUTION_COLUMNS = (
    "person_id", "scheme", "month", "employer_id", "base", "employer_amount", "personal_amount",
    "account_amount", "state", "late_fee", "batch_id",
)  # fmt: skip
PAYMENT_COLUMNS = ("recipient_id", "month", "part", "amount", "state", "account_last4", "note", "batch_id")
LAST_MONTH = REFERENCE_DATE.replace(day=1)
PENSION_FROM = date(2016, 1, 1)
OTHER_FROM = date(LAST_MONTH.year - 3, LAST_MONTH.month, 1)
PAYMENT_MONTHS = 24
# Chongqing's average monthly wage for contributions, roughly: 2016 4,300 yuan, +6% a year.
AVERAGE_2016 = Decimal("4300")
D = Decimal


def months(first: date, last: date) -> Iterator[date]:
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = add_months(month, 1)


def average_wage(year: int) -> Decimal:
    return (AVERAGE_2016 * D("1.06") ** (year - 2016)).quantize(D("1"))


def marker(kind: str) -> str:
    return hashlib.sha256(f"shebao demo ledger: {kind}".encode()).hexdigest()


def seed(*, rng_seed: int, stdout) -> None:
    if ImportBatch.objects.filter(sha256=marker(BatchKind.CONTRIBUTIONS)).exists():
        stdout.write("  records: already seeded")
        return
    rng = random.Random(rng_seed)
    with transaction.atomic():
        now = timezone.now()
        contributions = ImportBatch.objects.create(
            file_name="demo: contribution months",
            sha256=marker(BatchKind.CONTRIBUTIONS),
            kind=BatchKind.CONTRIBUTIONS,
            applied_at=now,
        )
        payments = ImportBatch.objects.create(
            file_name="demo: benefit payments",
            sha256=marker(BatchKind.PAYMENTS),
            kind=BatchKind.PAYMENTS,
            applied_at=now,
        )
        n_months = ContributionHistory(rng, contributions).save()
        n_payments = PaymentHistory(rng, payments).save()
        for batch, n in ((contributions, n_months), (payments, n_payments)):
            batch.rows = batch.created_rows = n
            batch.save(update_fields=["rows", "created_rows"])
        log_action("records.demo.seeded", data={"contribution_months": n_months, "payments": n_payments})
    stdout.write(f"  records: {n_months} contribution months, {n_payments} payment lines")


class ContributionHistory:
    def __init__(self, rng: random.Random, batch: ImportBatch):
        self.rng, self.batch = rng, batch
        self.employers = list(Employer.objects.order_by("pk").values_list("pk", flat=True))
        self.retired = dict(
            Recipient.objects.filter(benefit_type=Scheme.EMPLOYEE_PENSION).values_list(
                "person_id", "start_date"
            )
        )

    def save(self) -> int:
        return insert_rows(ContributionMonth, CONTRIBUTION_COLUMNS, self.lines())

    def lines(self) -> Iterator[tuple]:
        records = InsuranceRecord.objects.order_by("person_id", "pk").values_list(
            "person_id", "insurance_type", "employer_id", "start_date", "status"
        )
        by_person: dict[int, list] = {}
        for person, *record in records.iterator(chunk_size=5000):
            by_person.setdefault(person, []).append(record)
        for person, person_records in by_person.items():
            yield from self.person_lines(person, person_records)

    def person_lines(self, person: int, records: list) -> Iterator[tuple]:
        rng = self.rng
        index = D(rng.choice(("0.6", "0.8", "1.0", "1.0", "1.2", "1.5", "2.0", "3.0")))
        end = self.last_paid(person, records)
        # One story per person, shared by their schemes: a gap (job change), maybe a spell as a flexible
        # worker, maybe the last months in arrears.
        story = rng.random()
        gap = flexible = None
        if story < 0.15:
            gap_start = add_months(LAST_MONTH, -rng.randint(8, 100))
            gap = (gap_start, add_months(gap_start, rng.randint(3, 18)))
        elif story < 0.23:
            spell_start = add_months(LAST_MONTH, -rng.randint(12, 110))
            flexible = (spell_start, add_months(spell_start, rng.randint(6, 24)))
        arrears = rng.randint(1, 3) if rng.random() < 0.05 else 0
        late = rng.randint(1, 4) if rng.random() < 0.04 else 0
        refunded = rng.random() < 0.01
        switched = rng.choice(self.employers) if self.employers else None
        for scheme, employer, start, _status in records:
            if scheme == Scheme.EMPLOYEE_PENSION and employer is None and person in self.retired:
                employer = rng.choice(self.employers) if self.employers else None  # the former employer
            if scheme == Scheme.RESIDENT_PENSION:
                yield from self.resident_years(person, start, end)
                continue
            first = max(start, PENSION_FROM if scheme == Scheme.EMPLOYEE_PENSION else OTHER_FROM)
            history = list(months(first, end))
            for n, month in enumerate(history):
                payer = employer
                if gap and gap[0] <= month < gap[1]:
                    continue
                if gap and month >= gap[1] and employer and switched:
                    payer = switched  # a new job after the gap
                if flexible and flexible[0] <= month < flexible[1]:
                    if scheme != Scheme.EMPLOYEE_PENSION:
                        continue  # a flexible worker pays the pension only
                    payer = None
                state = ContributionState.PAID
                left = len(history) - n
                if left <= arrears:
                    state = ContributionState.ARREARS
                elif late and len(history) - arrears - 12 <= n < len(history) - arrears - 12 + late:
                    state = ContributionState.PAID_LATE
                elif refunded and n == len(history) // 2:
                    state = ContributionState.REFUNDED
                yield self.line(person, scheme, month, payer, index, state)

    def last_paid(self, person: int, records: list) -> date:
        """The last month paid: the month before retirement for a pensioner, an earlier month for a
        suspended or stopped record, else last month (this month is not due yet)."""
        if person in self.retired:
            return add_months(self.retired[person].replace(day=1), -1)
        status = records[0][3]
        if status == RecordStatus.ACTIVE:
            return add_months(LAST_MONTH, -1)
        return add_months(LAST_MONTH, -self.rng.randint(2, 30))

    def line(self, person, scheme, month, payer, index, state) -> tuple:
        wage = average_wage(month.year)
        base = to_fen(wage * (index if payer is not None else min(index, D("1.0"))))
        employer_amount = personal = D("0.00")
        if scheme == Scheme.EMPLOYEE_PENSION:
            if payer is None:  # a flexible worker pays 20% alone
                personal = to_fen(base * D("0.20"))
            else:
                employer_amount = to_fen(base * (D("0.16") if month >= date(2019, 5, 1) else D("0.19")))
                personal = to_fen(base * D("0.08"))
        elif scheme == Scheme.UNEMPLOYMENT:
            employer_amount = personal = to_fen(base * D("0.005"))
        elif scheme == Scheme.WORK_INJURY:
            employer_amount = to_fen(base * D("0.004"))
        account = min(default_account_amount(scheme, month, base), employer_amount + personal)
        fee = D("0")
        if state == ContributionState.PAID_LATE:  # 0.05% a day, about 90 days late
            fee = to_fen((employer_amount + personal) * D("0.045"))
        return (
            person,
            scheme,
            month,
            payer,
            base,
            employer_amount,
            personal,
            account,
            state,
            fee,
            self.batch.pk,
        )

    def resident_years(self, person: int, start: date, end: date) -> Iterator[tuple]:
        """Residents pay once a year at a tier they choose (缴费档次), recorded in the month they paid."""
        tier = D(self.rng.choice(("200", "300", "500", "1000", "2000")))
        for year in range(max(start.year, PENSION_FROM.year), end.year + 1):
            month = date(year, self.rng.randint(3, 11), 1)
            if start <= month <= end:
                yield (person, Scheme.RESIDENT_PENSION, month, None, D("0.00"), D("0.00"), tier, D("0.00"),
                       ContributionState.PAID, D("0.00"), self.batch.pk)  # fmt: skip


class PaymentHistory:
    """Each recipient's last 24 months, in parts."""

    def __init__(self, rng: random.Random, batch: ImportBatch):
        self.rng, self.batch = rng, batch
        self.first = add_months(LAST_MONTH, 1 - PAYMENT_MONTHS)
        showcase = dict(
            IdentityDocument.objects.filter(
                number__in=(SHOWCASE_LEGACY_15_ID, SHOWCASE_MINORITY_ID)
            ).values_list("number", "person_id")
        )
        self.back_paid = showcase.get(SHOWCASE_LEGACY_15_ID)
        self.deducted = showcase.get(SHOWCASE_MINORITY_ID)

    def save(self) -> int:
        return insert_rows(BenefitPayment, PAYMENT_COLUMNS, self.lines())

    def lines(self) -> Iterator[tuple]:
        recipients = Recipient.objects.exclude(status=RecipientStatus.STOPPED).order_by("pk")
        for recipient in recipients.iterator(chunk_size=2000):
            yield from self.recipient_lines(recipient)

    def amount_in(self, recipient: Recipient, year: int) -> Decimal:
        """The monthly amount in `year`: today's, less the January raises since."""
        amount = recipient.monthly_amount
        for _ in range(LAST_MONTH.year - year):
            if recipient.benefit_type == "resident_pension":
                amount -= D("20.00")
            else:
                amount = to_fen(amount / D("1.02"))
        return amount

    def parts(self, recipient: Recipient, amount: Decimal) -> dict[str, Decimal]:
        if recipient.benefit_type == "employee_pension":
            basic, account = to_fen(amount * D("0.55")), to_fen(amount * D("0.20"))
            return {
                PaymentPart.BASIC: basic,
                PaymentPart.ACCOUNT: account,
                PaymentPart.TRANSITIONAL: amount - basic - account,
            }
        if recipient.benefit_type == "resident_pension":
            basic = min(amount, to_fen(amount * D("0.8")))
            return {PaymentPart.BASIC: basic, PaymentPart.ACCOUNT: amount - basic}
        return {PaymentPart.BASIC: amount}

    def recipient_lines(self, recipient: Recipient) -> Iterator[tuple]:
        first = max(self.first, recipient.start_date.replace(day=1))
        base = self.amount_in(recipient, first.year)
        parts = self.parts(recipient, base)
        last4 = f"{self.rng.randrange(10000):04d}"
        held_from = None
        if recipient.status == RecipientStatus.SUSPENDED and recipient.next_certification_due:
            held_from = add_months(recipient.next_certification_due.replace(day=1), 1)
        for month in months(first, LAST_MONTH):
            state = PaymentState.HELD if held_from and month >= held_from else PaymentState.PAID
            amounts = dict(parts)
            raise_ = self.amount_in(recipient, month.year) - base
            if raise_:
                amounts[PaymentPart.ADJUSTMENT] = raise_
            note = ""
            if recipient.person_id == self.back_paid and month in (date(2025, 6, 1), date(2025, 7, 1)):
                state = PaymentState.HELD  # certification late; paid back in August
            if recipient.person_id == self.back_paid and month == date(2025, 8, 1):
                amounts[PaymentPart.BACK_PAY] = 2 * self.amount_in(recipient, 2025)
                note = "补发2025年6-7月"
            if recipient.person_id == self.deducted and month == date(2026, 3, 1):
                amounts[PaymentPart.DEDUCTION] = D("-120.00")
                note = "追回多发待遇"
            for part, amount in amounts.items():
                shown = note if part in (PaymentPart.BACK_PAY, PaymentPart.DEDUCTION) else ""
                yield (recipient.pk, month, part, amount, state, last4, shown, self.batch.pk)
