"""Validating a ledger file from the core system, line by line, before anything is applied.

Every line is checked (document number by core.idcards, a known person, month as YYYY-MM, a known scheme,
part and state, amounts as Decimal with at most two places, non-negative where they must be, a known
employer or recipient), and every fault is named at once: line number (the header is line 1), column and
a localised reason. A file with one bad line is refused whole (services.ledger_import applies nothing).
Lines are checked a chunk at a time and the valid ones staged (records.staging): a file of ten million
lines is never held in memory.

Columns (header names, any order; [optional]):
- contributions: doc_type[resident_id], id_number, scheme, month, employer_code[blank: the person paid as
  a flexible worker], base, employer_amount[0], personal_amount[0], account_amount[by rule],
  state, late_fee[0], paid_on[]
- payments: doc_type[resident_id], id_number, benefit, month, part, amount, state, bank_account[],
  note[]

account_amount, when the core system leaves it out, follows the national rule for the enterprise
employees' pension: 11% of the base before 2006, 8% from 2006 (国发〔2005〕38号), for an employee and a
flexible worker alike; nothing for the other schemes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import chain, islice

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shebao.core.errors import ValidationFailed
from shebao.core.idcards import DocType, validate_id, validate_uscc
from shebao.people.models import BenefitType, Employer, IdentityDocument, Recipient
from shebao.records.account import to_fen
from shebao.records.models import BatchKind, ContributionState, PaymentPart, PaymentState, Scheme
from shebao.records.readers import Row

CHUNK = 2000
MAX_ERRORS = 1000  # named in a refusal; the rest are counted
REMEMBERED = 200_000  # document and credit-code checks kept for the lines that follow
MAX_AMOUNT = Decimal("9999999999.99")  # 12 digits, 2 places (models.MONEY)
ACCOUNT_SHARE_BEFORE_2006, ACCOUNT_SHARE = Decimal("0.11"), Decimal("0.08")
REQUIRED: dict[str, tuple[str, ...]] = {  # by BatchKind
    "contributions": ("id_number", "scheme", "month", "base", "state"),
    "payments": ("id_number", "benefit", "month", "part", "amount", "state"),
}
# A checked line's values as the ledger's columns: its natural key (one line per key), then the rest.
KEY: dict[str, tuple[str, ...]] = {
    "contributions": ("person_id", "scheme", "month", "employer_id"),
    "payments": ("recipient_id", "month", "part"),
}
COLUMNS: dict[str, tuple[str, ...]] = {
    "contributions": (*KEY["contributions"], "base", "employer_amount", "personal_amount",
                      "account_amount", "state", "late_fee", "paid_on"),
    "payments": (*KEY["payments"], "amount", "state", "account_last4", "note"),
}  # fmt: skip
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-01)?$")
# The choices as tuples once: an enum's .values builds a new list on every call.
SCHEMES, STATES = tuple(Scheme.values), tuple(ContributionState.values)
BENEFITS, PARTS, PAYMENT_STATES = (
    tuple(BenefitType.values),
    tuple(PaymentPart.values),
    tuple(PaymentState.values),
)


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)s, %(field)s: %(message)s") % {
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


class ImportRefused(ValidationFailed):
    code = "import_refused"

    def __init__(self, errors: list[LineError], *, bad_lines: int | None = None):
        self.errors = errors
        self.bad_lines = lines = bad_lines if bad_lines is not None else len({e.line for e in errors})
        message = ngettext(
            "The file was not applied: %(n)s line has errors.",
            "The file was not applied: %(n)s lines have errors.",
            lines,
        ) % {"n": lines}
        super().__init__(message, fields={f"{e.line}.{e.field}": e.message for e in errors[:200]})


@dataclass
class Refusals:
    """The faults found in a file: the first MAX_ERRORS named, in line order, and every bad line counted.
    A file of ten million lines in a wrong format would otherwise keep ten million errors in memory."""

    errors: list[LineError] = field(default_factory=list)
    bad_lines: int = 0

    def add(self, errors: list[LineError]) -> None:
        """Errors of lines not counted before (one chunk's, or the duplicates found at the end)."""
        self.bad_lines += len({e.line for e in errors})
        self.errors = sorted([*self.errors, *errors], key=lambda e: e.line)[:MAX_ERRORS]

    def refusal(self) -> ImportRefused:
        return ImportRefused(self.errors, bad_lines=self.bad_lines)


@dataclass
class _Checks:
    """What a file's lines share: today, and the checks of numbers already seen (a person's hundred
    months carry one ID number, an employer's staff one credit code)."""

    today: date
    ids: dict[tuple[str, str], tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    codes: dict[str, tuple[bool, str | None]] = field(default_factory=dict)

    def forget_if_many(self) -> None:
        """A file of one month for each of ten million persons would keep ten million checks."""
        if len(self.ids) + len(self.codes) > REMEMBERED:
            self.ids.clear()
            self.codes.clear()

    def document(self, doc_type: str, number: str) -> tuple[str | None, str | None, str | None]:
        """(normalised number or None, failing column, reason)."""
        key = (doc_type, number)
        if key not in self.ids:
            check = validate_id(doc_type, number)
            column = "doc_type" if check.error_code == "unknown_doc_type" else "id_number"
            self.ids[key] = (check.number, None, None) if check.valid else (None, column, str(check.error))
        return self.ids[key]

    def credit_code(self, code: str) -> tuple[bool, str | None]:
        if code not in self.codes:
            self.codes[code] = validate_uscc(code)
        return self.codes[code]


class _Line:
    """One line being checked: its values, and the errors found so far."""

    def __init__(self, number: int, values: dict[str, str], errors: list[LineError], checks: _Checks):
        self.number, self.values, self.errors, self.checks = number, values, errors, checks
        self.ok = True

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.errors.append(LineError(self.number, column, message))

    def text(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def choice(self, column: str, choices: Iterable[str]) -> str:
        value = self.text(column)
        if value not in choices:
            self.fail(column, _("“%(value)s” is not one of: %(choices)s.") % {
                "value": value, "choices": ", ".join(choices)})  # fmt: skip
        return value

    def month(self, column: str = "month") -> date | None:
        value = self.text(column)
        match = _MONTH.match(value)
        if not match or not 1 <= int(match[2]) <= 12:
            self.fail(column, _("Write the month as YYYY-MM (e.g. 2024-03)."))
            return None
        month = date(int(match[1]), int(match[2]), 1)
        if month > self.checks.today:
            self.fail(column, _("The month is in the future."))
            return None
        return month

    def day(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(column, _("Write the date as YYYY-MM-DD."))
            return None

    def money(self, column: str, *, default: str | None = None, signed: bool = False) -> Decimal | None:
        value = self.text(column).replace(",", "")
        if not value and default is not None:
            return Decimal(default)
        try:
            amount = Decimal(value)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            self.fail(column, _("Write the amount in yuan, e.g. 1234.56."))
            return None
        if amount != amount.quantize(Decimal("0.01")):
            self.fail(column, _("An amount has at most two decimal places (fen)."))
            return None
        if abs(amount) > MAX_AMOUNT:
            self.fail(column, _("The amount is too large."))
            return None
        if amount < 0 and not signed:
            self.fail(column, _("The amount cannot be negative."))
            return None
        return amount.quantize(Decimal("0.01"))

    def document(self) -> str | None:
        number, column, reason = self.checks.document(
            self.text("doc_type") or DocType.RESIDENT_ID, self.text("id_number")
        )
        if number is None:
            self.fail(column or "id_number", reason or "")
        return number


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _persons(numbers: set[str]) -> dict[str, int]:
    return dict(IdentityDocument.objects.filter(number__in=numbers).values_list("number", "person_id"))


def check_header(first: Row | None, kind: str) -> list[LineError]:
    if first is None:
        return [LineError(1, "file", _("The file has no lines."))]
    present = set(first[1])
    missing = [column for column in REQUIRED[kind] if column not in present]
    return [LineError(1, column, _("This column is missing.")) for column in missing]


def checked_chunks(rows: Iterable[Row], kind: str, refusals: Refusals) -> Iterator[list[tuple]]:
    """Check the lines a chunk at a time (one query finds a chunk's persons, one its employers or
    recipients) and yield each chunk's valid lines as (line number, *COLUMNS[kind]); the faults go to
    `refusals`. Only a chunk is held at a time, whatever the file's size. A line that repeats another's
    key is found later, by the stage (records.staging), which sees the whole file."""
    rows = iter(rows)
    first = next(rows, None)
    header = check_header(first, kind)
    if header:
        refusals.add(header)
        return
    check = _contribution if kind == BatchKind.CONTRIBUTIONS else _payment
    checks = _Checks(today=timezone.localdate())
    for chunk in _chunks(chain([first], rows), CHUNK):
        errors: list[LineError] = []
        lines = [_Line(number, values, errors, checks) for number, values in chunk]
        numbers = {line.number: line.document() for line in lines}
        persons = _persons({n for n in numbers.values() if n})
        refs = _references(kind, lines, persons)
        valid = []
        for line in lines:
            person = persons.get(numbers[line.number] or "")
            if numbers[line.number] and person is None:
                line.fail("id_number", _("No person with this document is registered."))
            row = check(line, person, refs)
            if row is not None and line.ok:
                valid.append((line.number, *row))
        refusals.add(errors)
        checks.forget_if_many()
        yield valid


def repeated(line: int, first: int) -> LineError:
    return LineError(line, "line", _("The same line as line %(n)s.") % {"n": first})


def _references(kind: str, lines: list[_Line], persons: dict[str, int]) -> dict:
    """The employers (contributions) or recipients (payments) the chunk names, in one query."""
    if kind == BatchKind.CONTRIBUTIONS:
        codes = {line.text("employer_code").upper() for line in lines} - {""}
        return dict(Employer.objects.filter(credit_code__in=codes).values_list("credit_code", "id"))
    rows = Recipient.objects.filter(person_id__in=set(persons.values())).values_list(
        "person_id", "benefit_type", "id"
    )
    return {(person, benefit): rid for person, benefit, rid in rows}


def default_account_amount(scheme: str, month: date, base: Decimal) -> Decimal:
    if scheme != Scheme.EMPLOYEE_PENSION:
        return Decimal("0.00")
    return to_fen(base * (ACCOUNT_SHARE_BEFORE_2006 if month.year < 2006 else ACCOUNT_SHARE))


def _contribution(line: _Line, person: int | None, employers: dict) -> tuple | None:
    scheme = line.choice("scheme", SCHEMES)
    month = line.month()
    state = line.choice("state", STATES)
    base = line.money("base")
    employer_amount = line.money("employer_amount", default="0")
    personal_amount = line.money("personal_amount", default="0")
    late_fee = line.money("late_fee", default="0")
    paid_on = line.day("paid_on")
    code = line.text("employer_code").upper()
    employer = None
    if code:
        valid, error = line.checks.credit_code(code)
        employer = employers.get(code)
        if not valid:
            line.fail("employer_code", str(error))
        elif employer is None:
            line.fail("employer_code", _("No employer with this credit code is registered."))
    if late_fee and state != ContributionState.PAID_LATE:
        line.fail("late_fee", _("Only a month paid late has a late fee."))
    if not line.ok or person is None or month is None or base is None:
        return None
    assert employer_amount is not None and personal_amount is not None
    if line.text("account_amount"):
        account = line.money("account_amount")
    else:
        account = min(default_account_amount(scheme, month, base), employer_amount + personal_amount)
    if account is not None and account > employer_amount + personal_amount:
        line.fail("account_amount", _("More is credited to the account than was paid."))
    if not line.ok:
        return None
    return (person, scheme, month, employer, base, employer_amount, personal_amount, account, state,
            late_fee, paid_on)  # fmt: skip


def _payment(line: _Line, person: int | None, recipients: dict) -> tuple | None:
    benefit = line.choice("benefit", BENEFITS)
    month = line.month()
    part = line.choice("part", PARTS)
    state = line.choice("state", PAYMENT_STATES)
    amount = line.money("amount", signed=True)
    account = re.sub(r"[\s-]", "", line.text("bank_account"))
    if account and not account.isdigit():
        line.fail("bank_account", _("A bank account number has digits only."))
    if amount is not None and line.ok:
        if part == PaymentPart.DEDUCTION and amount >= 0:
            line.fail("amount", _("A deduction is written as a negative amount."))
        elif part != PaymentPart.DEDUCTION and amount < 0:
            line.fail("amount", _("Only a deduction is negative."))
    recipient = recipients.get((person, benefit))
    if person is not None and benefit in BENEFITS and recipient is None:
        line.fail("benefit", _("This person does not receive this benefit."))
    if not line.ok or recipient is None or month is None:
        return None
    return (recipient, month, part, amount, state, account[-4:], line.text("note")[:200])
