"""The individual pension account (职工基本养老保险个人账户), as arithmetic on plain values: no database, so
statements, the API and batch jobs compute it the same way.

The rule is the national one (劳办发〔1997〕116号《职工基本养老保险个人账户管理暂行办法》, rates announced
yearly by MOHRSS and MOF since 2017 as 人社厅函 notices): interest is credited once a year, on 31 December.
- The balance brought forward from earlier years earns the full year's rate.
- Each month's contribution of the year earns the rate for the months it was in the account, counted from
  its month to December inclusive (月积数法): January's 12/12 of the rate, December's 1/12.
  With twelve equal months this is the notice's simplified formula 本年记账额 × 利率 × 1.083 × 1/2
  (Σ (13 − m)/12 over m = 1..12 = 6.5 months, 6.5 / 12 = 1.0833 / 2); the month-weighted form is used so
  that gaps and a flexible worker's partial years come out right.
- The year's interest is rounded once, half up, to the fen; the balance is the sum of the lines, exactly.

A year whose rate is not in the table yet (announced in the middle of the next year) gets no interest line
and is named in `missing_rates`, so a statement says it rather than printing a balance that looks final.
RULES.md says nothing more specific; a region that differs changes this module's rule, not its callers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
ZERO = Decimal("0")


def to_fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Credit:
    """A contribution credited to the account for `month` (any day of the month)."""

    month: date
    amount: Decimal


@dataclass(frozen=True)
class Line:
    """One line of the account: a month's credit, or a year's interest (dated 31 December)."""

    on: date
    kind: str  # "credit" or "interest"
    amount: Decimal
    rate: Decimal | None = None  # the year's rate (0.0262 for 2.62%), on interest lines


@dataclass
class Account:
    lines: list[Line] = field(default_factory=list)
    missing_rates: list[int] = field(default_factory=list)

    @property
    def balance(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    def balance_at(self, day: date) -> Decimal:
        """The balance at the end of `day`: the credits of the months up to it and the interest of the
        years closed by then (interest of the running year is credited on 31 December)."""
        return sum((line.amount for line in self.lines if line.on <= day), ZERO)

    def interest(self, year: int) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.kind == "interest" and ln.on.year == year), ZERO)

    def credited(self, year: int) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.kind == "credit" and ln.on.year == year), ZERO)


def year_interest(opening: Decimal, credits: Iterable[Credit], rate: Decimal) -> Decimal:
    """One year's interest: the opening balance for twelve months, each month's credit for the months
    from its own to December."""
    months_weighted = sum((c.amount * (13 - c.month.month) for c in credits), ZERO)
    return to_fen(opening * rate + months_weighted * rate / 12)


def account(credits: Iterable[Credit], rates: Mapping[int, Decimal], *, until: date) -> Account:
    """Every line of the account up to `until`: credits of the months up to it, in month order, and the
    interest of each year that closed on or before it."""
    by_year: dict[int, list[Credit]] = defaultdict(list)
    for credit in credits:
        if credit.month.replace(day=1) <= until:
            by_year[credit.month.year].append(credit)
    result = Account()
    if not by_year:
        return result
    opening = ZERO
    for year in range(min(by_year), until.year + 1):
        this_year = sorted(by_year.get(year, []), key=lambda c: c.month)
        result.lines += [Line(c.month.replace(day=1), "credit", c.amount) for c in this_year]
        year_end = date(year, 12, 31)
        closing = opening + sum((c.amount for c in this_year), ZERO)
        if year_end <= until and closing:
            rate = rates.get(year)
            if rate is None:
                result.missing_rates.append(year)
            else:
                interest = year_interest(opening, this_year, rate)
                result.lines.append(Line(year_end, "interest", interest, rate))
                closing += interest
        opening = closing
    return result
