"""Every sum a statement or proof prints is the sum of the lines printed on its page (hypothesis)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from shebao.records.account import Credit, account
from shebao.records.statements import money, pension_pages, proof_pages, statement_pages

amounts = st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2)
YEARS = (2021, 2022)


def line(month, base, employer, personal, account_amount, state="paid", scheme="employee_pension"):
    return SimpleNamespace(
        month=month,
        scheme=scheme,
        base=base,
        employer_amount=employer,
        personal_amount=personal,
        account_amount=account_amount,
        state=state,
        employer_id=None,
        get_scheme_display=lambda: scheme,
        get_state_display=lambda: state,
    )


contribution_lines = st.lists(
    st.builds(
        line,
        st.builds(date, st.sampled_from(YEARS), st.integers(1, 12), st.just(1)),
        amounts,
        amounts,
        amounts,
        amounts,
        st.sampled_from(["paid", "arrears", "paid_late"]),
        st.sampled_from(["employee_pension", "unemployment"]),
    ),
    max_size=40,
)


def parse(cell: str) -> Decimal:
    return Decimal(cell.replace(",", ""))


@given(contribution_lines)
def test_statement_and_proof_totals_are_the_sums_of_their_rows(lines):
    credits = [Credit(ln.month, ln.account_amount) for ln in lines if ln.state != "arrears"]
    ledger = account(credits, {2021: Decimal("0.0369"), 2022: Decimal("0.0612")}, until=date(2022, 12, 31))
    for page in [
        *statement_pages(lines, ledger, YEARS, as_of=date(2022, 12, 31)),
        *proof_pages(lines, YEARS, ["employee_pension", "unemployment"]),
    ]:
        for column, cell in enumerate(page.totals):
            if cell and column >= 2:  # 0: the word "Total"; empty cells: not summed
                printed = sum((parse(row[column]) for row in page.rows), Decimal("0"))
                assert parse(cell) == printed
        if "closing" in page.sums:
            s = page.sums
            assert s["closing"] == s["opening"] + s["credited"] + s["interest"]
            assert money(s["closing"]) in dict(page.summary).values()


payment = st.builds(
    lambda month, amount, state: SimpleNamespace(
        month=month,
        amount=amount,
        state=state,
        recipient_id=1,
        recipient=SimpleNamespace(get_benefit_type_display=lambda: "pension"),
        masked_account="****1234",
        get_state_display=lambda: state,
    ),
    st.builds(date, st.sampled_from(YEARS), st.integers(1, 12), st.just(1)),
    st.decimals(min_value=Decimal("-999.99"), max_value=Decimal("9999.99"), places=2),
    st.sampled_from(["paid", "held", "due"]),
)


@given(st.lists(payment, max_size=40))
def test_pension_certificate_totals_are_the_sums_of_their_months(lines):
    for page in pension_pages(lines, YEARS):
        for column in (2, 3):
            printed = sum((parse(row[column]) for row in page.rows), Decimal("0"))
            assert parse(page.totals[column]) == printed
        assert page.sums["due"] == sum(
            (ln.amount for ln in lines if ln.month.year == page.year), Decimal("0")
        )
