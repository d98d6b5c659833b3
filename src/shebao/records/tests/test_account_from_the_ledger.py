"""A person's account is read from their ledger lines and the seeded crediting rates: only the account
share of paid months counts."""

from datetime import date
from decimal import Decimal

from shebao.records.models import InterestRate
from shebao.records.selectors import person_account
from shebao.records.tests.helpers import a_batch, a_month


def test_the_official_rates_of_recent_years_are_there_from_the_start(db):
    rates = dict(InterestRate.objects.values_list("year", "rate_percent"))
    assert (
        rates[2016] == Decimal("8.31") and rates[2023] == Decimal("3.97") and rates[2024] == Decimal("2.62")
    )


def test_only_paid_months_reach_the_account(cast):
    batch = a_batch()
    for month, state, fee in (
        (1, "paid", "0"),
        (2, "arrears", "0"),
        (3, "paid_late", "9.60"),
        (4, "refunded", "0"),
    ):
        a_month(cast.person, batch, month=date(2024, month, 1), state=state, late_fee=Decimal(fee))
    a_month(
        cast.person,
        batch,
        scheme="unemployment",
        employer_amount=Decimal("25.00"),
        personal_amount=Decimal("25.00"),
        account_amount=Decimal("0"),
    )
    ledger = person_account(cast.person, until=date(2024, 12, 31))
    # January 400 × 12/12 and March 400 × 10/12 at 2.62%: (4,800 + 4,000) × 0.0262 / 12 = 19.21
    assert ledger.credited(2024) == Decimal("800.00")
    assert ledger.interest(2024) == Decimal("19.21")
    assert ledger.balance == Decimal("819.21")
