"""Why did my pension change (养老金为什么变了): the difference between two months' payments explained from
their lines alone (records.BenefitPayment: one line per part and month), in plain words.

A month pays the sum of its lines that are not held or returned. Between two months, each part that differs
is one reason: the regular parts (basic, account, transitional) changed; the yearly adjustment came (or its
amount changed); back pay was added, or last month's back pay is not repeated; a deduction (overpayment
recovery) was taken, or ended; payment was held (suspended) or released again (resumed). The reasons add up
to the difference, to the fen (tested).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

ZERO = Decimal("0.00")
REGULAR = ("basic_part", "account_part", "transitional_part")
MONTHLY = (*REGULAR, "adjustment")  # what a hold stops: every part paid each month
NOT_PAID = {"held", "returned"}


@dataclass(frozen=True)
class Line:
    part: str
    amount: Decimal
    state: str
    note: str = ""


@dataclass(frozen=True)
class Month:
    month: date
    paid: dict[str, Decimal]  # part -> amount paid
    held: dict[str, Decimal]  # part -> amount held or returned

    @property
    def total(self) -> Decimal:
        return sum(self.paid.values(), ZERO)


@dataclass(frozen=True)
class Reason:
    kind: str  # suspended, resumed, adjustment, back_pay, back_pay_ended, deduction, deduction_ended, part
    amount: Decimal  # what it changes in the month's payment (+ more, - less)
    text: str


def month_of(month: date, lines: Iterable[Line]) -> Month:
    paid: dict[str, Decimal] = defaultdict(lambda: ZERO)
    held: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        (held if line.state in NOT_PAID else paid)[line.part] += line.amount
    return Month(month, dict(paid), dict(held))


def _yuan(amount: Decimal) -> str:
    return f"{abs(amount):.2f}"


def _part_name(part: str) -> str:
    return {
        "basic_part": _("basic pension"),
        "account_part": _("individual-account pension"),
        "transitional_part": _("transitional pension"),
    }[part]


def _sum(amounts: dict[str, Decimal], parts: tuple[str, ...]) -> Decimal:
    return sum((amounts.get(p, ZERO) for p in parts), ZERO)


def explain(before: Month, after: Month) -> list[Reason]:
    """The reasons the payment of `after` differs from that of `before`, largest first."""
    held_now, held_then = _sum(after.held, MONTHLY), _sum(before.held, MONTHLY)
    if held_now and not held_then:
        change = _sum(after.paid, MONTHLY) - _sum(before.paid, MONTHLY)
        text = _(
            "Your pension of %(month)s is held (suspended), for example because your eligibility was "
            "not certified in time: %(amount)s yuan is not paid until the hold ends."
        ) % {"month": f"{after.month:%Y-%m}", "amount": _yuan(held_now)}
        reasons = [Reason("suspended", change, text)]
    elif held_then and not held_now:
        change = _sum(after.paid, MONTHLY) - _sum(before.paid, MONTHLY)
        text = _("Your pension is paid again from %(month)s: the hold has ended.") % {
            "month": f"{after.month:%Y-%m}"
        }
        reasons = [Reason("resumed", change, text)]
    else:
        reasons = [*_regular(before, after), *_adjustment(before, after)]
    reasons += _extras(before, after)
    return sorted(reasons, key=lambda r: -abs(r.amount))


def _regular(before: Month, after: Month) -> list[Reason]:
    reasons = []
    for part in REGULAR:
        change = after.paid.get(part, ZERO) - before.paid.get(part, ZERO)
        if change > 0:
            text = _("Your %(part)s went up by %(amount)s yuan.")
        elif change < 0:
            text = _("Your %(part)s went down by %(amount)s yuan.")
        else:
            continue
        reasons.append(Reason("part", change, text % {"part": _part_name(part), "amount": _yuan(change)}))
    return reasons


def _adjustment(before: Month, after: Month) -> list[Reason]:
    adjustment = after.paid.get("adjustment", ZERO) - before.paid.get("adjustment", ZERO)
    if adjustment > 0:
        text = _("The yearly pension adjustment: %(amount)s yuan a month more, from %(month)s.") % {
            "amount": _yuan(adjustment),
            "month": f"{after.month:%Y-%m}",
        }
        return [Reason("adjustment", adjustment, text)]
    if adjustment < 0:
        text = _("The yearly adjustment paid before is %(amount)s yuan less this month.") % {
            "amount": _yuan(adjustment)
        }
        return [Reason("adjustment", adjustment, text)]
    return []


def _one_off(before: Month, after: Month, part: str, started, ended) -> list[Reason]:
    """A part paid in some months only (back pay, a deduction): there now (`started`, with this month's
    amount) or there before and not now (`ended`, with the earlier amount)."""
    now, then = after.paid.get(part, ZERO), before.paid.get(part, ZERO)
    if now == then:
        return []
    if now:
        return [Reason(part, now - then, started % {"amount": _yuan(now)})]
    return [Reason(f"{part}_ended", -then, ended % {"amount": _yuan(then)})]


def _extras(before: Month, after: Month) -> list[Reason]:
    back_pay = _one_off(
        before,
        after,
        "back_pay",
        _("Back pay of %(amount)s yuan for months held earlier is paid once this month."),
        _("Last time included %(amount)s yuan of back pay, paid once; it is not repeated."),
    )
    deduction = _one_off(
        before,
        after,
        "deduction",
        _("%(amount)s yuan is deducted this month to recover an overpayment."),
        _("The deduction of %(amount)s yuan has ended."),
    )
    return back_pay + deduction


def months_from(lines) -> dict[date, Month]:
    """records.BenefitPayment rows (any order) grouped into months."""
    by_month: dict[date, list[Line]] = defaultdict(list)
    for row in lines:
        by_month[row.month].append(Line(row.part, row.amount, row.state, row.note))
    return {month: month_of(month, rows) for month, rows in sorted(by_month.items())}
