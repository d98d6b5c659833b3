"""A file with bad lines is refused whole: every bad line is named (line, column, reason) and nothing of
the file reaches the ledger, not even its good lines."""

import pytest
from django.core.management import CommandError, call_command

from shebao.records.importer import ImportRefused
from shebao.records.models import BenefitPayment, ContributionMonth, ImportBatch
from shebao.records.services import ledger_import
from shebao.records.tests.helpers import (
    CAST_ID,
    CONTRIBUTION_HEADER,
    EMPLOYER_CODE,
    PAYMENT_HEADER,
    an_employer,
    write_csv,
)

GOOD = f"{CAST_ID},employee_pension,2024-01,{EMPLOYER_CODE},5000.00,800.00,400.00,400.00,paid,"
# (line as a spreadsheet numbers it, column) → a line with exactly that fault
BAD_CONTRIBUTIONS = {
    (3, "id_number"): f"500103195303071225,employee_pension,2024-02,{EMPLOYER_CODE},5000,800,400,,paid,",
    (4, "id_number"): f"500103198005151238,employee_pension,2024-02,{EMPLOYER_CODE},5000,800,400,,paid,",
    (5, "month"): f"{CAST_ID},employee_pension,2024/03,{EMPLOYER_CODE},5000,800,400,,paid,",
    (6, "month"): f"{CAST_ID},employee_pension,2099-01,{EMPLOYER_CODE},5000,800,400,,paid,",
    (7, "scheme"): f"{CAST_ID},medical,2024-04,{EMPLOYER_CODE},5000,800,400,,paid,",
    (8, "base"): f"{CAST_ID},employee_pension,2024-05,{EMPLOYER_CODE},5000.001,800,400,,paid,",
    (9, "base"): f"{CAST_ID},employee_pension,2024-06,{EMPLOYER_CODE},-5000,800,400,,paid,",
    (10, "employer_amount"): f"{CAST_ID},employee_pension,2024-07,{EMPLOYER_CODE},5000,八百,400,,paid,",
    (11, "employer_code"): f"{CAST_ID},employee_pension,2024-08,91500105MA60XW2N1T,5000,800,400,,paid,",
    (12, "employer_code"): f"{CAST_ID},employee_pension,2024-08,91500105MA60XW2N1X,5000,800,400,,paid,",
    (13, "late_fee"): f"{CAST_ID},employee_pension,2024-09,{EMPLOYER_CODE},5000,800,400,,paid,12.00",
    (14, "state"): f"{CAST_ID},employee_pension,2024-10,{EMPLOYER_CODE},5000,800,400,,forgiven,",
    (15, "account_amount"): f"{CAST_ID},employee_pension,2024-11,{EMPLOYER_CODE},5000,800,400,1300,paid,",
    (16, "line"): GOOD,  # the same as line 2
}


def test_every_kind_of_bad_contribution_line_is_named_and_nothing_is_applied(cast, tmp_path):
    an_employer(cast)
    path = write_csv(tmp_path / "months.csv", CONTRIBUTION_HEADER, GOOD, *BAD_CONTRIBUTIONS.values())
    with pytest.raises(ImportRefused) as refused:
        ledger_import(path=path, kind="contributions")
    named = {(e.line, e.field) for e in refused.value.errors}
    assert named == set(BAD_CONTRIBUTIONS)
    assert all(e.message for e in refused.value.errors)
    assert not ContributionMonth.objects.exists() and not ImportBatch.objects.exists()


def test_the_reasons_are_in_the_user_s_language(cast, tmp_path):
    an_employer(cast)
    path = write_csv(tmp_path / "m.csv", CONTRIBUTION_HEADER, BAD_CONTRIBUTIONS[(5, "month")])
    with pytest.raises(ImportRefused) as refused:
        ledger_import(path=path, kind="contributions")
    assert "YYYY-MM" in refused.value.errors[0].message
    assert "月份" in refused.value.errors[0].message  # zh-hans is the default language


def test_a_missing_column_refuses_the_file_at_its_header(cast, tmp_path):
    path = write_csv(
        tmp_path / "m.csv", "id_number,scheme,month,state", f"{CAST_ID},employee_pension,2024-01,paid"
    )
    with pytest.raises(ImportRefused) as refused:
        ledger_import(path=path, kind="contributions")
    assert [(e.line, e.field) for e in refused.value.errors] == [(1, "base")]


def test_a_file_with_a_header_and_nothing_else_is_refused(cast, tmp_path):
    path = write_csv(tmp_path / "empty.csv", CONTRIBUTION_HEADER)
    with pytest.raises(ImportRefused) as refused:
        ledger_import(path=path, kind="contributions")
    assert [(e.line, e.field) for e in refused.value.errors] == [(1, "file")]
    assert not ImportBatch.objects.exists()


BAD_PAYMENTS = {
    (3, "amount"): f"{CAST_ID},employee_pension,2024-01,deduction,50.00,paid,,",
    (4, "amount"): f"{CAST_ID},employee_pension,2024-01,back_pay,-50.00,paid,,",
    (5, "benefit"): f"{CAST_ID},unemployment,2024-01,basic_part,1000.00,paid,,",
    (6, "part"): f"{CAST_ID},employee_pension,2024-01,bonus,1000.00,paid,,",
    (7, "bank_account"): f"{CAST_ID},employee_pension,2024-01,adjustment,60.00,paid,6217 00AB 1234,",
}


def test_every_kind_of_bad_payment_line_is_named_by_the_command_and_nothing_is_applied(
    cast, tmp_path, capsys
):
    good = f"{CAST_ID},employee_pension,2024-01,basic_part,2100.00,paid,6217 0000 1234 5678,"
    path = write_csv(tmp_path / "pay.csv", PAYMENT_HEADER, good, *BAD_PAYMENTS.values())
    with pytest.raises(CommandError):
        call_command("import_records", str(path), "--kind", "payments")
    printed = capsys.readouterr().err
    for line, column in BAD_PAYMENTS:
        assert f"{line}" in printed and column in printed
    assert not BenefitPayment.objects.exists() and not ImportBatch.objects.exists()
