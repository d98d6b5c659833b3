"""A recipient's payment lines, and a write-back killed after its first chunk, as the certification tests
need them."""

from datetime import date
from decimal import Decimal

from shebao.records.tests.helpers import a_batch, a_payment

MONTHLY_PARTS = {"basic_part": Decimal("2000.00"), "account_part": Decimal("1268.50")}  # 3,268.50 a month


def pension_months(recipient, last_month: int, paid_through: int) -> None:
    """The recipient's 2026 payment lines, January to `last_month`, in two parts: paid up to
    `paid_through`, due after it."""
    batch = a_batch("payments.csv", kind="payments")
    for month in range(1, last_month + 1):
        state = "paid" if month <= paid_through else "due"
        for part, amount in MONTHLY_PARTS.items():
            a_payment(recipient, batch, date(2026, month, 1), part=part, amount=amount, state=state)


def killed_after_the_first_chunk(monkeypatch) -> None:
    """The next silent write-back stops (SystemExit) right after its first chunk commits."""
    from shebao.certification import silent

    calls = []

    def killed(run):
        calls.append(run.applied_upto)
        if len(calls) == 1:
            raise SystemExit("killed")

    monkeypatch.setattr(silent, "chunk_done", killed)
