"""A core system's file may hold a province's whole history (ten million months since 2014): it is checked
and applied a chunk at a time through a staging table, so nothing in it may depend on the file fitting in
memory. A duplicate thousands of lines apart is still found, a file of thousands of bad lines names the
first and counts them all, a flexible worker's month (no employer) is matched for correction like an
employee's. What the person is told of it: notify/tests/test_a_history_tells_of_recent_months.py."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from shebao.records.importer import CHUNK, MAX_ERRORS, ImportRefused
from shebao.records.models import ContributionMonth, ImportBatch
from shebao.records.services import ledger_import
from shebao.records.tests.helpers import (
    CAST_ID,
    CONTRIBUTION_HEADER,
    EMPLOYER_CODE,
    an_employer,
    write_csv,
)


def month_line(year: int, month: int, employer: str = EMPLOYER_CODE, base: str = "5000.00") -> str:
    return f"{CAST_ID},employee_pension,{year}-{month:02d},{employer},{base},800.00,400.00,,paid,"


def months_back(count: int) -> list[tuple[int, int]]:
    """The `count` months before this one, oldest first."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1
    return [divmod(i, 12) for i in range(index - count, index)]


def test_a_duplicate_in_another_chunk_is_named_with_the_line_it_repeats(cast, tmp_path):
    an_employer(cast)
    history = [month_line(year, month + 1) for year, month in months_back(CHUNK + 5)]  # ~170 years
    path = write_csv(tmp_path / "m.csv", CONTRIBUTION_HEADER, *history, history[0])
    with pytest.raises(ImportRefused) as refused:
        ledger_import(path=path, kind="contributions")
    [error] = refused.value.errors
    assert (error.line, error.field) == (len(history) + 2, "line")
    assert "2" in error.message  # "the same line as line 2"
    assert not ContributionMonth.objects.exists() and not ImportBatch.objects.exists()


def test_a_file_of_many_bad_lines_names_the_first_and_counts_every_one(cast, tmp_path):
    an_employer(cast)
    bad = [f"{CAST_ID},employee_pension,2024/{n % 12 + 1},{EMPLOYER_CODE},5000,800,400,,paid," for n in
           range(MAX_ERRORS + 500)]  # fmt: skip
    path = write_csv(tmp_path / "m.csv", CONTRIBUTION_HEADER, month_line(2024, 1), *bad)
    with pytest.raises(ImportRefused) as refused:
        ledger_import(path=path, kind="contributions")
    errors = refused.value.errors
    assert len(errors) == MAX_ERRORS and [e.line for e in errors] == list(range(3, MAX_ERRORS + 3))
    assert refused.value.bad_lines == MAX_ERRORS + 500
    assert f"{MAX_ERRORS + 500}" in str(refused.value.message)
    assert not ContributionMonth.objects.exists()


def test_a_file_of_many_repeated_lines_counts_every_repeat(cast, tmp_path):
    an_employer(cast)
    path = write_csv(tmp_path / "m.csv", CONTRIBUTION_HEADER, *[month_line(2024, 1)] * (MAX_ERRORS + 6))
    with pytest.raises(ImportRefused) as refused:
        ledger_import(path=path, kind="contributions")
    assert len(refused.value.errors) == MAX_ERRORS and refused.value.bad_lines == MAX_ERRORS + 5
    assert {e.field for e in refused.value.errors} == {"line"}


def test_a_flexible_worker_s_month_is_corrected_in_place_beside_an_employer_s(cast, tmp_path):
    an_employer(cast)
    first = write_csv(tmp_path / "a.csv", CONTRIBUTION_HEADER, month_line(2024, 1),
                      month_line(2024, 1, employer="", base="4000.00"))  # fmt: skip
    ledger_import(path=first, kind="contributions")
    second = write_csv(tmp_path / "b.csv", CONTRIBUTION_HEADER, month_line(2024, 1),
                       month_line(2024, 1, employer="", base="4200.00"))  # fmt: skip
    batch = ledger_import(path=second, kind="contributions").batch
    assert (batch.rows, batch.created_rows, batch.updated_rows) == (2, 0, 1)
    bases = dict(ContributionMonth.objects.values_list("employer__credit_code", "base"))
    assert bases == {EMPLOYER_CODE: Decimal("5000.00"), None: Decimal("4200.00")}
    flexible = ContributionMonth.objects.get(employer=None)
    assert flexible.batch == batch and flexible.account_amount == Decimal("336.00")  # 8% of the new base


def test_a_payment_day_added_later_is_a_correction(cast, tmp_path):
    an_employer(cast)
    late = f"{CAST_ID},employee_pension,2024-01,{EMPLOYER_CODE},5000.00,800.00,400.00,,paid_late,12.00"
    header = f"{CONTRIBUTION_HEADER},paid_on"
    ledger_import(path=write_csv(tmp_path / "a.csv", header, f"{late},"), kind="contributions")
    batch = ledger_import(path=write_csv(tmp_path / "b.csv", header, f"{late},2024-03-05"),
                          kind="contributions").batch  # fmt: skip
    assert (batch.created_rows, batch.updated_rows) == (0, 1)
    assert ContributionMonth.objects.get().paid_on == date(2024, 3, 5)
