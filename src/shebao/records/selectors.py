"""Reads of the ledger shared by the API and (next) the statements."""

from datetime import date
from decimal import Decimal

from shebao.people.models import Person
from shebao.records.account import Account, Credit, account
from shebao.records.models import CREDITED_STATES, ContributionMonth, InterestRate, Scheme


def crediting_rates() -> dict[int, Decimal]:
    """{year: rate as a fraction} from the table the administrator maintains."""
    return {year: pct / 100 for year, pct in InterestRate.objects.values_list("year", "rate_percent")}


def account_credits(person: Person) -> list[Credit]:
    """What reached the person's individual account: the account share of each paid month of the
    enterprise employees' pension (arrears not yet, refunded months no more)."""
    rows = ContributionMonth.objects.filter(
        person=person, scheme=Scheme.EMPLOYEE_PENSION, state__in=CREDITED_STATES, account_amount__gt=0
    ).values_list("month", "account_amount")
    return [Credit(month, amount) for month, amount in rows]


def person_account(person: Person, *, until: date) -> Account:
    return account(account_credits(person), crediting_rates(), until=until)
