"""What a statement or proof says, page by page (one page per calendar year), as plain values: the PDF
(records/pdf.py) prints exactly these cells, and every total on a page is computed here from the page's
own lines, so a printed sum always equals the sum of the lines printed above it (tested with hypothesis).

Kinds (DocumentKind): the yearly statement of rights (个人权益记录单: months, bases, amounts, the
individual account's opening balance, credits, interest and closing balance), the proof of insurance
(参保缴费证明: the months of the asked schemes in a period), and the pension certificate (养老金领取证明:
each month's payment and its state).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from shebao.records.account import Account

ZERO = Decimal("0.00")


def money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


@dataclass
class Page:
    year: int
    columns: list[str]
    rows: list[list[str]]
    totals: list[str]  # one cell per column ("" where nothing is summed)
    summary: list[tuple[str, str]] = field(default_factory=list)  # (label, value) under the table
    sums: dict[str, Decimal] = field(default_factory=dict)  # the totals as numbers, by column key


def _sum(lines: Iterable, name: str) -> Decimal:
    return sum((getattr(line, name) for line in lines), ZERO)


def by_year(lines: Iterable, years: Sequence[int]) -> dict[int, list]:
    grouped: dict[int, list] = {year: [] for year in years}
    for line in lines:
        if line.month.year in grouped:
            grouped[line.month.year].append(line)
    return grouped


def _payer(line) -> str:
    return line.employer.name if line.employer_id else _("Self (flexible worker)")


CONTRIBUTION_SUMS = ("base", "employer_amount", "personal_amount", "account_amount")


def contribution_page(year: int, lines: list, *, with_payer: bool) -> Page:
    """A year of contribution months: one row a line, the amount columns summed."""
    columns = [_("Month"), _("Scheme")]
    columns += [_("Paid by")] if with_payer else []
    columns += [_("Base"), _("Employer"), _("Personal"), _("To account"), _("State")]
    rows = []
    for line in lines:
        row = [f"{line.month:%Y-%m}", str(line.get_scheme_display())]
        row += [_payer(line)] if with_payer else []
        row += [money(getattr(line, name)) for name in CONTRIBUTION_SUMS]
        rows.append([*row, str(line.get_state_display())])
    sums = {name: _sum(lines, name) for name in CONTRIBUTION_SUMS}
    lead = 3 if with_payer else 2
    totals = [_("Total")] + [""] * (lead - 1) + [money(sums[name]) for name in CONTRIBUTION_SUMS] + [""]
    return Page(year, columns, rows, totals, sums=sums)


def statement_pages(lines: list, ledger: Account, years: Sequence[int], *, as_of: date) -> list[Page]:
    """个人权益记录单: each year's months and the individual account across it."""
    pages = []
    for year, year_lines in by_year(lines, years).items():
        page = contribution_page(year, year_lines, with_payer=False)
        end = min(date(year, 12, 31), as_of)
        opening, closing = ledger.balance_at(date(year - 1, 12, 31)), ledger.balance_at(end)
        credited, interest = ledger.credited(year), ledger.interest(year)
        page.summary = [
            (_("Account balance on 1 January"), money(opening)),
            (_("Credited this year"), money(credited)),
            (_("Interest this year"), money(interest) if end.month == 12 and end.day == 31 else _("not yet")),
            (_("Account balance on %(day)s") % {"day": f"{end:%Y-%m-%d}"}, money(closing)),
            (_("Months paid this year"), str(len({ln.month for ln in year_lines if ln.state != "arrears"}))),
        ]
        if year in ledger.missing_rates:
            page.summary.append((_("Note"), _("The crediting rate of this year is not announced yet.")))
        page.sums |= {"opening": opening, "credited": credited, "interest": interest, "closing": closing}
        pages.append(page)
    return pages


def proof_pages(lines: list, years: Sequence[int], schemes: Sequence[str]) -> list[Page]:
    """参保缴费证明: the months of the asked schemes, who paid, and how many months per scheme."""
    pages = []
    for year, year_lines in by_year([ln for ln in lines if ln.scheme in schemes], years).items():
        page = contribution_page(year, year_lines, with_payer=True)
        counted: dict[str, set] = defaultdict(set)
        for line in year_lines:
            if line.state != "arrears":
                counted[str(line.get_scheme_display())].add(line.month)
        page.summary = [
            (_("Months paid: %(scheme)s") % {"scheme": k}, str(len(v))) for k, v in counted.items()
        ]
        pages.append(page)
    return pages


def pension_pages(lines: list, years: Sequence[int]) -> list[Page]:
    """养老金领取证明: per month the total of its parts and what was paid, then the year's sums."""
    columns = [_("Month"), _("Benefit"), _("Amount due"), _("Paid"), _("State"), _("Bank account")]
    pages = []
    for year, year_lines in by_year(lines, years).items():
        months: dict[tuple, list] = defaultdict(list)
        for line in year_lines:
            months[(line.month, line.recipient_id)].append(line)
        rows, due_total, paid_total = [], ZERO, ZERO
        for (month, _recipient), parts in sorted(months.items()):
            due = _sum(parts, "amount")
            paid = _sum([p for p in parts if p.state == "paid"], "amount")
            due_total, paid_total = due_total + due, paid_total + paid
            states = "、".join(sorted({str(p.get_state_display()) for p in parts}))
            benefit = str(parts[0].recipient.get_benefit_type_display())
            rows.append([f"{month:%Y-%m}", benefit, money(due), money(paid), states, parts[0].masked_account])
        totals = [_("Total"), "", money(due_total), money(paid_total), "", ""]
        pages.append(Page(year, columns, rows, totals, sums={"due": due_total, "paid": paid_total}))
    return pages
