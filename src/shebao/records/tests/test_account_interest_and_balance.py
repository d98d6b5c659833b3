"""The individual account against worked examples (computed by hand in the comments), and for any credits
and rates: the balance is exactly the credits plus the interest lines, each rounded to the fen."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shebao.records.account import Credit, account, year_interest

D = Decimal
RATES = {2022: D("0.0612"), 2023: D("0.0397"), 2024: D("0.0262")}


def monthly(year: int, months: range, amount: str) -> list[Credit]:
    return [Credit(date(year, m, 1), D(amount)) for m in months]


def test_a_balance_brought_forward_earns_the_whole_year_s_rate():
    # 10,000.00 × 3.97% = 397.00
    assert year_interest(D("10000.00"), [], D("0.0397")) == D("397.00")


def test_each_month_s_credit_earns_interest_from_its_month_to_december():
    # 400.00 a month all 2024: Σ(13 − m) for m = 1..12 = 78 month-shares; 400 × 78 × 2.62% / 12
    # = 31,200 × 0.0262 / 12 = 817.44 / 12 = 68.12. (The notice's simplified 4,800 × 2.62% × 1.083 / 2
    # gives 68.10: 1.083 is 13/12 = 1.08333… cut to three places.)
    assert year_interest(D("0"), monthly(2024, range(1, 13), "400.00"), D("0.0262")) == D("68.12")


def test_a_december_credit_earns_one_twelfth_of_the_rate():
    # 1,200.00 × 2.62% / 12 = 2.62
    assert year_interest(D("0"), [Credit(date(2024, 12, 1), D("1200.00"))], D("0.0262")) == D("2.62")


def test_three_years_with_a_gap_worked_by_hand():
    credits = monthly(2022, range(3, 13), "500.00") + monthly(2024, range(1, 7), "600.00")
    ledger = account(credits, RATES, until=date(2025, 3, 31))
    # 2022: 500 × (10 + 9 + … + 1 = 55) × 6.12% / 12 = 27,500 × 0.0612 / 12 = 140.25; closing 5,140.25
    assert ledger.interest(2022) == D("140.25")
    # 2023, no contributions (the gap): 5,140.25 × 3.97% = 204.067925 → 204.07; closing 5,344.32
    assert ledger.interest(2023) == D("204.07")
    # 2024: 5,344.32 × 2.62% = 140.021184, plus 600 × (12 + 11 + … + 7 = 57) × 2.62% / 12 = 74.67,
    # 214.691184 → 214.69; closing 5,344.32 + 3,600.00 + 214.69 = 9,159.01
    assert ledger.interest(2024) == D("214.69")
    assert ledger.balance == D("9159.01")
    # In the middle of 2024 the year's interest is not credited yet: 5,344.32 + 3,600.00
    assert ledger.balance_at(date(2024, 6, 30)) == D("8944.32")
    assert ledger.balance_at(date(2022, 12, 30)) == D("5000.00")
    assert ledger.missing_rates == []


def test_a_year_whose_rate_is_not_announced_is_named_and_earns_nothing_yet():
    ledger = account(monthly(2024, range(1, 13), "100.00"), {2024: D("0.0262")}, until=date(2025, 12, 31))
    # 2024: 100 × 78 × 2.62% / 12 = 17.03; 2025 has no rate in this table
    assert ledger.missing_rates == [2025]
    assert ledger.balance == D("1217.03")


def test_credits_after_the_date_asked_are_left_out():
    ledger = account(monthly(2024, range(1, 13), "100.00"), RATES, until=date(2024, 3, 15))
    assert ledger.balance == D("300.00") and ledger.interest(2024) == 0


fen = st.decimals(min_value=D("0.01"), max_value=D("9999.99"), places=2)
months = st.dates(min_value=date(2016, 1, 1), max_value=date(2024, 12, 31))
rates = st.decimals(min_value=D("0"), max_value=D("0.10"), places=4)


@given(
    st.lists(st.builds(Credit, months, fen), max_size=40),
    st.dictionaries(st.integers(2016, 2024), rates),
    st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 12, 31)),
)
def test_the_balance_is_the_credits_plus_the_interest_lines_to_the_fen(credits, rate_table, until):
    ledger = account(credits, rate_table, until=until)
    counted = [c for c in credits if c.month.replace(day=1) <= until]
    interest = [line.amount for line in ledger.lines if line.kind == "interest"]
    assert ledger.balance == sum((c.amount for c in counted), D(0)) + sum(interest, D(0))
    assert ledger.balance_at(until) == ledger.balance
    assert all(line.amount == line.amount.quantize(D("0.01")) for line in ledger.lines)
    # Interest is never negative and a year without a rate is named, not silently skipped.
    assert all(amount >= 0 for amount in interest)
    years_with_interest = {line.on.year for line in ledger.lines if line.kind == "interest"}
    assert not years_with_interest & set(ledger.missing_rates)
    assert all(year not in rate_table for year in ledger.missing_rates)
