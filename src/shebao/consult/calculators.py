"""Benefit calculators (no database): the enterprise employees' pension estimate and the unemployment
benefit, as RULES.md states them. Money and divisors are Decimal; money is rounded half up to the fen.

Pension (企业职工基本养老金):
    basic   = province's average monthly wage last year × (1 + average contribution index) / 2
              × contribution years × 1%
    account = individual account balance / months divisor for the age at retirement (计发月数, the State
              Council's 2005 table, 国发〔2005〕38号); for an age in years and months (the 2024 reform) the
              divisor is interpolated between the whole years and kept to one decimal, as agencies print it
              (60 years 1 month: 138.4)
    total   = basic + account + transitional (过渡性养老金, taken as given: it depends on the province)

Unemployment benefit (失业保险金): the local minimum wage × the local ratio (90% in Huainan: 1,930 → 1,737
a month), for up to 12 / 18 / 24 months by years of contribution (失业保险条例 art. 17: 1 to under 5 years,
5 to under 10, 10 or more); under one year there is no benefit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
TENTH = Decimal("0.1")

# Months divisor by whole age at retirement (国发〔2005〕38号 appendix), 40 to 70.
DIVISORS: dict[int, int] = {
    40: 233, 41: 230, 42: 226, 43: 223, 44: 220, 45: 216, 46: 212, 47: 208, 48: 204, 49: 199,
    50: 195, 51: 190, 52: 185, 53: 180, 54: 175, 55: 170, 56: 164, 57: 158, 58: 152, 59: 145,
    60: 139, 61: 132, 62: 125, 63: 117, 64: 109, 65: 101, 66: 93, 67: 84, 68: 75, 69: 65, 70: 56,
}  # fmt: skip
YOUNGEST, OLDEST = min(DIVISORS), max(DIVISORS)


class OutOfTable(ValueError):
    """An age at retirement the divisor table does not cover."""


def money(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def months_divisor(years: int, months: int = 0) -> Decimal:
    """计发月数 for an age of `years` and `months` (0-11), interpolated between whole years, one decimal."""
    if not 0 <= months <= 11:
        raise OutOfTable("months")
    if years < YOUNGEST or years > OLDEST or (years == OLDEST and months):
        raise OutOfTable("years")
    low = Decimal(DIVISORS[years])
    if not months:
        return low
    high = Decimal(DIVISORS[years + 1])
    return (low + (high - low) * months / 12).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PensionEstimate:
    basic: Decimal
    account: Decimal
    transitional: Decimal
    total: Decimal
    divisor: Decimal


def pension_estimate(
    *,
    avg_wage: Decimal,
    contribution_index: Decimal,
    years: Decimal,
    account_balance: Decimal,
    retire_age_years: int,
    retire_age_months: int = 0,
    transitional: Decimal = Decimal("0"),
) -> PensionEstimate:
    divisor = months_divisor(retire_age_years, retire_age_months)
    basic = money(avg_wage * (1 + contribution_index) / 2 * years / 100)
    account = money(account_balance / divisor)
    transitional = money(transitional)
    return PensionEstimate(basic, account, transitional, basic + account + transitional, divisor)


@dataclass(frozen=True)
class UnemploymentBenefit:
    eligible: bool
    monthly_amount: Decimal
    months: int
    reason: str = ""  # why not, when not eligible (a code; pages and the API say it in words)


def benefit_months(contribution_years: Decimal) -> int:
    """失业保险条例 art. 17: the longest period of benefit by the years of contribution."""
    if contribution_years >= 10:
        return 24
    if contribution_years >= 5:
        return 18
    if contribution_years >= 1:
        return 12
    return 0


def unemployment_benefit(
    *, min_wage: Decimal, ratio: Decimal, contribution_years: Decimal
) -> UnemploymentBenefit:
    months = benefit_months(contribution_years)
    if months == 0:
        return UnemploymentBenefit(False, Decimal("0.00"), 0, "under_one_year")
    return UnemploymentBenefit(True, money(min_wage * ratio), months)
