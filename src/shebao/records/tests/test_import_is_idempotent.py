"""The same file twice changes nothing; a later file that repeats a line changes nothing either, and one
that corrects a line replaces its values (the core system is the system of record)."""

import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from shebao.core.models import AuditEntry
from shebao.records.models import ContributionMonth, ImportBatch
from shebao.records.services import ledger_import
from shebao.records.tests.helpers import CAST_ID, CONTRIBUTION_HEADER, EMPLOYER_CODE, an_employer, write_csv


def line(month: str, base: str = "5000.00", employer: str = EMPLOYER_CODE) -> str:
    return f"{CAST_ID},employee_pension,{month},{employer},{base},800.00,400.00,,paid,"


def snapshot():
    return list(ContributionMonth.objects.order_by("pk").values_list())


def test_the_same_file_twice_changes_nothing(cast, tmp_path, capsys):
    an_employer(cast)
    path = write_csv(tmp_path / "m.csv", CONTRIBUTION_HEADER, line("2024-01"), line("2024-02"))
    call_command("import_records", str(path), "--kind", "contributions")
    before, audited = snapshot(), AuditEntry.objects.filter(action="records.importbatch.imported").count()
    call_command("import_records", str(path), "--kind", "contributions")
    assert snapshot() == before and ImportBatch.objects.count() == 1
    assert AuditEntry.objects.filter(action="records.importbatch.imported").count() == audited == 1
    assert "2" in capsys.readouterr().out  # the first run said how many lines it applied


def test_a_repeated_line_stays_and_a_corrected_line_is_replaced(cast, tmp_path):
    an_employer(cast)
    first = ledger_import(
        path=write_csv(tmp_path / "a.csv", CONTRIBUTION_HEADER, line("2024-01"), line("2024-02")),
        kind="contributions",
    ).batch
    second = ledger_import(
        path=write_csv(
            tmp_path / "b.csv",
            CONTRIBUTION_HEADER,
            line("2024-01"),
            line("2024-02", "5200.00"),
            line("2024-03"),
        ),
        kind="contributions",
    ).batch
    assert (second.rows, second.created_rows, second.updated_rows) == (3, 1, 1)
    months = {m.month.month: m for m in ContributionMonth.objects.all()}
    assert len(months) == 3
    assert months[1].batch == first and months[1].base == Decimal("5000.00")
    assert months[2].batch == second and months[2].base == Decimal("5200.00")
    # The account share follows the corrected base by the 8% rule when the file leaves it out.
    assert months[2].account_amount == Decimal("416.00")


def test_a_flexible_worker_s_month_is_a_line_of_its_own_beside_an_employer_s(cast, tmp_path):
    an_employer(cast)
    path = write_csv(tmp_path / "m.csv", CONTRIBUTION_HEADER, line("2024-01"), line("2024-01", "4000.00", ""))
    result = ledger_import(path=path, kind="contributions")
    assert result.batch.created_rows == 2
    flexible = ContributionMonth.objects.get(employer__isnull=True)
    assert flexible.flexible_worker and flexible.account_amount == Decimal("320.00")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers at once: PostgreSQL")
def test_a_file_meeting_a_concurrent_import_of_the_same_month_is_applied_after_it(cast, tmp_path):
    """Two different files with the same month, applied at the same moment: the second waits on the
    first's row and, when the first commits, is refused by the ledger's unique line. It was answered as
    if its own file had been applied before (looking its batch up by a hash nobody had stored: a crash);
    now it is applied after the first, as the correction it is."""
    an_employer(cast)
    first = write_csv(tmp_path / "a.csv", CONTRIBUTION_HEADER, line("2024-01"))
    second = write_csv(tmp_path / "b.csv", CONTRIBUTION_HEADER, line("2024-01", "5200.00"), line("2024-02"))
    applied, release, failed = threading.Event(), threading.Event(), []

    def first_import_held_open():
        try:
            with transaction.atomic():
                ledger_import(path=first, kind="contributions")
                applied.set()
                release.wait(30)  # the first import's rows stay uncommitted until then
        except Exception as error:  # reported to the test below
            failed.append(error)
            applied.set()
        finally:
            connections.close_all()

    worker = threading.Thread(target=first_import_held_open)
    worker.start()
    assert applied.wait(30) and not failed
    threading.Timer(1.0, release.set).start()  # the second import blocks on the first's row until this
    result = ledger_import(path=second, kind="contributions")
    worker.join(30)
    assert not failed and not result.already_applied
    assert (result.batch.created_rows, result.batch.updated_rows) == (1, 1)
    months = {m.month.month: m for m in ContributionMonth.objects.all()}
    assert months[1].base == Decimal("5200.00") and months[1].batch == result.batch
    assert ImportBatch.objects.count() == 2
