"""A person's rights records: contribution months and benefit payments, by month range.

Staff (session sign-in) read a person they may read by records.person.read, and every read is audited;
a signed-in citizen reads their own records and those of a person bound to them (the proxy's reads are
audited too). Anything else is answered 404, as if the person did not exist. Money is a decimal string.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.security import django_auth

from shebao.core.audit import log_action
from shebao.core.errors import ValidationFailed
from shebao.people.models import Person
from shebao.people.portal import current_citizen
from shebao.records import selectors
from shebao.records.models import BenefitPayment, ContributionMonth, PaymentState

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def citizen_auth(request):
    """A citizen signed in to the portal (not a Django user): their person, or None."""
    return current_citizen(request)


router = Router(tags=["records"], auth=[django_auth, citizen_auth])


def month_param(value: str | None, name: str) -> date | None:
    if not value:
        return None
    match = _MONTH.match(value)
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValidationFailed(fields={name: _("Write the month as YYYY-MM (e.g. 2024-03).")})
    return date(int(match[1]), int(match[2]), 1)


def period(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    first, last = month_param(start, "from"), month_param(end, "to")
    if first and last and first > last:
        raise ValidationFailed(fields={"to": _("The end month is before the start month.")})
    return first, last


def readable_person(request, person_id: int, action: str, first, last) -> Person:
    """The person, checked and the read written to the audit log (staff always, a proxy too)."""
    citizen = request.auth if isinstance(request.auth, Person) else None
    person = selectors.person_for_records(person_id=person_id, user=request.user, citizen=citizen)
    data = {"from": f"{first:%Y-%m}" if first else "", "to": f"{last:%Y-%m}" if last else ""}
    if citizen is None:
        log_action(action, actor=request.user, obj=person, data=data)
    elif citizen.pk != person.pk:
        log_action(action, obj=person, data={**data, "proxy": citizen.pk})
    return person


class ContributionOut(Schema):
    month: str
    scheme: str
    scheme_label: str
    employer: str | None  # None: paid by the person as a flexible worker
    base: Decimal
    employer_amount: Decimal
    personal_amount: Decimal
    account_amount: Decimal
    state: str
    state_label: str
    late_fee: Decimal


class Totals(Schema):
    employer_amount: Decimal
    personal_amount: Decimal
    account_amount: Decimal
    late_fee: Decimal


class AccountOut(Schema):
    as_of: date
    balance: Decimal
    years_without_rate: list[int]


class ContributionsOut(Schema):
    person: int
    months: list[ContributionOut]
    totals: Totals
    account: AccountOut


def contribution_out(line: ContributionMonth) -> dict:
    return {
        "month": f"{line.month:%Y-%m}",
        "scheme": line.scheme,
        "scheme_label": line.get_scheme_display(),
        "employer": line.employer.name if line.employer else None,
        "base": line.base,
        "employer_amount": line.employer_amount,
        "personal_amount": line.personal_amount,
        "account_amount": line.account_amount,
        "state": line.state,
        "state_label": line.get_state_display(),
        "late_fee": line.late_fee,
    }


def total(lines, name: str) -> Decimal:
    return sum((getattr(line, name) for line in lines), Decimal("0.00"))


@router.get(
    "/persons/{int:person_id}/contributions",
    response=ContributionsOut,
    summary="A person's contribution months, with totals and the individual account (audited read)",
)
def contributions(
    request,
    person_id: int,
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
):
    first, last = period(start, end)
    person = readable_person(request, person_id, "records.contributionmonth.viewed", first, last)
    lines = selectors.contribution_lines(person, start=first, end=last)
    as_of = selectors.month_end(last) if last else timezone.localdate()
    ledger = selectors.person_account(person, until=as_of)
    return {
        "person": person.pk,
        "months": [contribution_out(line) for line in lines],
        "totals": {name: total(lines, name) for name in Totals.model_fields},
        "account": {"as_of": as_of, "balance": ledger.balance, "years_without_rate": ledger.missing_rates},
    }


class PaymentLineOut(Schema):
    part: str
    part_label: str
    amount: Decimal
    state: str
    state_label: str
    bank_account: str  # masked: the last four digits only
    note: str


class PaymentMonthOut(Schema):
    month: str
    benefit: str
    benefit_label: str
    total: Decimal  # every line of the month
    paid: Decimal  # the lines paid
    lines: list[PaymentLineOut]


class PaymentsOut(Schema):
    person: int
    months: list[PaymentMonthOut]


def payment_months(lines: list[BenefitPayment]) -> list[dict]:
    grouped: dict[tuple, list[BenefitPayment]] = defaultdict(list)
    for line in lines:
        grouped[(line.month, line.recipient_id)].append(line)
    months = []
    for (month, _recipient), parts in grouped.items():
        recipient = parts[0].recipient
        months.append(
            {
                "month": f"{month:%Y-%m}",
                "benefit": recipient.benefit_type,
                "benefit_label": recipient.get_benefit_type_display(),
                "total": total(parts, "amount"),
                "paid": total([p for p in parts if p.state == PaymentState.PAID], "amount"),
                "lines": [
                    {
                        "part": p.part,
                        "part_label": p.get_part_display(),
                        "amount": p.amount,
                        "state": p.state,
                        "state_label": p.get_state_display(),
                        "bank_account": p.masked_account,
                        "note": p.note,
                    }
                    for p in parts
                ],
            }
        )
    return months


@router.get(
    "/persons/{int:person_id}/payments",
    response=PaymentsOut,
    summary="A person's benefit payments by month, one line per part (audited read)",
)
def payments(
    request,
    person_id: int,
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
):
    first, last = period(start, end)
    person = readable_person(request, person_id, "records.benefitpayment.viewed", first, last)
    return {
        "person": person.pk,
        "months": payment_months(selectors.payment_lines(person, start=first, end=last)),
    }
