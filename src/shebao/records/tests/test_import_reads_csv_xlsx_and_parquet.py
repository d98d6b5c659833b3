"""The core system may send CSV, XLSX or Parquet: the same lines give the same ledger whichever it sends,
and a payment's bank account is kept as its last four digits only."""

from datetime import date
from decimal import Decimal

import duckdb
import pytest
from openpyxl import Workbook

from shebao.records.models import BenefitPayment, ContributionMonth
from shebao.records.services import ledger_import
from shebao.records.tests.helpers import CAST_ID, EMPLOYER_CODE, PAYMENT_HEADER, an_employer, write_csv

HEADER = ["id_number", "scheme", "month", "employer_code", "base", "personal_amount", "state", "late_fee"]
ROWS = [
    [CAST_ID, "employee_pension", "2024-01", EMPLOYER_CODE, "5000.00", "400.00", "paid", ""],
    [CAST_ID, "employee_pension", "2024-02", "", "4000.00", "800.00", "paid_late", "12.50"],
]


def as_csv(path):
    return write_csv(path.with_suffix(".csv"), ",".join(HEADER), *(",".join(r) for r in ROWS))


def as_csv_from_excel(path):
    """Excel's "CSV UTF-8" starts with a byte-order mark, which must not stick to the first column's name."""
    target = path.with_name("excel.csv")
    target.write_bytes("\ufeff".encode() + as_csv(path).read_bytes().replace(b"\n", b"\r\n"))
    return target


def as_xlsx(path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in ROWS:  # numbers as spreadsheets hold them: floats, and the month as a date
        y, m = row[2].split("-")
        sheet.append(
            [row[0], row[1], date(int(y), int(m), 1), row[3], float(row[4]), float(row[5]), row[6], row[7]]
        )
    book.save(path.with_suffix(".xlsx"))
    return path.with_suffix(".xlsx")


def as_parquet(path):
    target = path.with_suffix(".parquet")
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t (id_number VARCHAR, scheme VARCHAR, month DATE, employer_code VARCHAR,"
        " base DECIMAL(12,2), personal_amount DECIMAL(12,2), state VARCHAR, late_fee DECIMAL(12,2))"
    )
    for row in ROWS:
        con.execute(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [row[0], row[1], f"{row[2]}-01", row[3] or None, row[4], row[5], row[6], row[7] or None],
        )
    con.execute(f"COPY t TO '{target}' (FORMAT parquet)")
    con.close()
    return target


@pytest.mark.parametrize("write", [as_csv, as_csv_from_excel, as_xlsx, as_parquet])
def test_each_format_gives_the_same_lines(cast, tmp_path, write):
    an_employer(cast)
    result = ledger_import(path=write(tmp_path / "months"), kind="contributions")
    assert result.batch.created_rows == 2
    lines = {
        m.month: (m.base, m.personal_amount, m.account_amount, m.state, m.late_fee, m.flexible_worker)
        for m in ContributionMonth.objects.all()
    }
    assert lines == {
        date(2024, 1, 1): (
            Decimal("5000.00"),
            Decimal("400.00"),
            Decimal("400.00"),
            "paid",
            Decimal("0"),
            False,
        ),
        date(2024, 2, 1): (
            Decimal("4000.00"),
            Decimal("800.00"),
            Decimal("320.00"),
            "paid_late",
            Decimal("12.50"),
            True,
        ),
    }


def test_a_payment_file_keeps_only_the_last_four_digits_of_the_account(cast, tmp_path):
    path = write_csv(
        tmp_path / "pay.csv",
        PAYMENT_HEADER,
        f"{CAST_ID},employee_pension,2024-01,basic_part,2100.00,paid,6217 0000 1234 5678,",
        f"{CAST_ID},employee_pension,2024-01,deduction,-120.00,paid,6217 0000 1234 5678,多发追回",
    )
    ledger_import(path=path, kind="payments")
    lines = BenefitPayment.objects.order_by("part")
    assert [(p.part, p.amount, p.masked_account) for p in lines] == [
        ("basic_part", Decimal("2100.00"), "****5678"),
        ("deduction", Decimal("-120.00"), "****5678"),
    ]
    assert "1234" not in repr(list(BenefitPayment.objects.values_list()))
