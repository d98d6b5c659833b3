"""Issue 12: a backup holds the database, the uploaded scans and the audit checkpoint log; restoring it
after things changed brings back the data, the scans and an audit chain that verify-audit passes. Runs on
the suite's database, SQLite or PostgreSQL (pg_restore replaces the tables of the test database only)."""

from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from shebao.cases import services
from shebao.cases.models import Case
from shebao.cases.tests.helpers import PDF, make_world, new_key, pin_day
from shebao.cases.uploads import check_scan
from shebao.core.audit import log_action
from shebao.core.auditchain import chain_status, checkpoint_path, read_checkpoints, seal_pending
from shebao.core.models import AuditEntry
from shebao.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)
RECEIVED = {"resident_id_card", "unemployment_registration"}


def accept(cast, scans=()):
    return services.case_accept(
        teller=cast.teller,
        person=cast.person,
        item_code="T-UNE",
        received=RECEIVED,
        scans=list(scans),
        idempotency_key=new_key(),
    ).case


def test_a_restore_brings_back_the_data_the_scans_and_an_audit_chain_that_verifies(
    cast, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    make_world(cast)
    case = accept(cast, [check_scan("termination_certificate", "证明.pdf", PDF)])
    scan = case.scans.get().file.name
    seal_pending()
    sealed = chain_status().sealed
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=StringIO())

    # After the backup: the person renamed, the scan's file lost, another case, more audit entries sealed.
    Person.objects.filter(pk=cast.person.pk).update(name="改过的名字")
    default_storage.delete(scan)
    accept(cast)
    log_action("test.after_the_backup")
    seal_pending()
    newer_log = read_checkpoints(settings.SHEBAO["AUDIT_KEY"], checkpoint_path())

    out = StringIO()
    call_command("restore", archive, interactive=False, stdout=out)

    assert Person.objects.get(pk=cast.person.pk).name == cast.person.name
    assert list(Case.objects.values_list("number", flat=True)) == [case.number]
    with default_storage.open(scan, "rb") as f:
        assert f.read() == PDF
    assert chain_status().sealed == sealed
    call_command("verify_audit", stdout=StringIO())  # raises CommandError on a broken chain
    kept = checkpoint_path().with_name(f"{checkpoint_path().name}.before-restore-")
    [aside] = [p for p in checkpoint_path().parent.iterdir() if p.name.startswith(kept.name)]
    assert read_checkpoints(settings.SHEBAO["AUDIT_KEY"], aside) == newer_log  # the evidence, kept
    assert "audit chain intact" in out.getvalue()
    restored = AuditEntry.objects.get(action="core.backup.restored")
    assert restored.seq is None  # recorded after the restore, sealed by the next sealer run
    assert restored.data["sealed"] == sealed


def test_the_restored_chain_seals_on_from_where_the_backup_left_it(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_action("test.before_the_backup")
    seal_pending()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=StringIO())
    log_action("test.after_the_backup")
    seal_pending()

    call_command("restore", archive, interactive=False, stdout=StringIO())
    log_action("test.after_the_restore")
    seal_pending()

    status = chain_status()
    assert status.broken is None
    assert status.unsealed == 0
    call_command("verify_audit", stdout=StringIO())
