"""The calculators' arithmetic against worked examples and every boundary of the rules (RULES.md)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shebao.consult.calculators import (
    DIVISORS,
    OutOfTable,
    benefit_months,
    months_divisor,
    pension_estimate,
    unemployment_benefit,
)


def test_the_worked_example_of_the_issue():
    answer = pension_estimate(
        avg_wage=D("8000"),
        contribution_index=D("1"),
        years=D("30"),
        account_balance=D("150000"),
        retire_age_years=60,
    )
    assert (answer.basic, answer.account, answer.transitional, answer.total, answer.divisor) == (
        D("2400.00"),
        D("1079.14"),
        D("0.00"),
        D("3479.14"),
        D("139"),
    )


def test_the_basic_pension_follows_the_index_and_the_years():
    # 7,500 × (1 + 0.8) / 2 × 25 × 1% = 1,687.50; a transitional pension is added as given.
    answer = pension_estimate(
        avg_wage=D("7500"),
        contribution_index=D("0.8"),
        years=D("25"),
        account_balance=D("0"),
        retire_age_years=55,
        transitional=D("312.456"),
    )
    assert answer.basic == D("1687.50") and answer.account == D("0.00")
    assert answer.transitional == D("312.46") and answer.total == D("1999.96")


def test_money_rounds_half_up_to_the_fen():
    # 100,000.70 / 170 = 588.2394...; 1,000.85 / 139 = 7.2003...; 139 × 2.005 / 139 = 2.005 → 2.01 (half up)
    assert pension_estimate(
        avg_wage=D("1"),
        contribution_index=D("1"),
        years=D("0"),
        account_balance=D("278.695"),
        retire_age_years=60,
    ).account == D("2.01")


def test_the_divisor_table_is_the_state_council_s():
    assert DIVISORS[40] == 233 and DIVISORS[50] == 195 and DIVISORS[55] == 170 and DIVISORS[60] == 139
    assert DIVISORS[63] == 117 and DIVISORS[65] == 101 and DIVISORS[70] == 56 and DIVISORS[47] == 208
    assert list(DIVISORS) == list(range(40, 71))
    assert all(DIVISORS[a] > DIVISORS[a + 1] for a in range(40, 70))  # older, fewer months


def test_ages_in_months_interpolate_to_one_decimal():
    assert months_divisor(60, 1) == D("138.4")  # RULES.md: 60 years 1 month → 138.4
    assert months_divisor(60, 6) == D("135.5")
    assert months_divisor(63, 0) == D("117")
    assert months_divisor(69, 11) == D("56.8")  # 65 + (56 - 65) × 11/12 = 56.75 → 56.8


@pytest.mark.parametrize("years, months", [(39, 11), (70, 1), (71, 0), (60, 12), (60, -1)])
def test_ages_outside_the_table_are_refused(years, months):
    with pytest.raises(OutOfTable):
        months_divisor(years, months)


@given(st.integers(40, 69), st.integers(0, 11))
def test_an_interpolated_divisor_lies_between_its_whole_years(years, months):
    value = months_divisor(years, months)
    assert DIVISORS[years + 1] <= value <= DIVISORS[years]


def test_unemployment_benefit_of_the_huainan_example():
    answer = unemployment_benefit(min_wage=D("1930"), ratio=D("0.9"), contribution_years=D("3"))
    assert (answer.eligible, answer.monthly_amount, answer.months) == (True, D("1737.00"), 12)


@pytest.mark.parametrize(
    "years, months",
    [("0", 0), ("0.99", 0), ("1", 12), ("4.99", 12), ("5", 18), ("9.99", 18), ("10", 24), ("35", 24)],
)
def test_benefit_months_at_every_boundary_of_article_17(years, months):
    assert benefit_months(D(years)) == months


def test_under_one_year_is_not_eligible_with_the_reason():
    answer = unemployment_benefit(min_wage=D("1930"), ratio=D("0.9"), contribution_years=D("0.5"))
    assert (answer.eligible, answer.monthly_amount, answer.months, answer.reason) == (
        False,
        D("0.00"),
        0,
        "under_one_year",
    )
