"""The audit log is append-only and sealed into an HMAC chain whose key and checkpoints live outside the
database: each of ten ways to tamper with it as someone with the database would is detected and named."""

import hashlib
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from shebao.core import auditchain
from shebao.core.audit import log_action
from shebao.core.auditchain import chain_status, checkpoint_path, seal_pending, verify_chain
from shebao.core.models import AuditEntry, AuditHead
from shebao.core.tests.audit_guards import without_audit_guards

pytestmark = pytest.mark.django_db


def write_entries(n: int, start: int = 0) -> list[AuditEntry]:
    return [log_action("core.test.happened", data={"n": i}) for i in range(start, start + n)]


def sealed_chain(n: int = 5) -> list[AuditEntry]:
    write_entries(n)
    seal_pending()
    return list(AuditEntry.objects.order_by("seq"))


def broken_at() -> int:
    broken = verify_chain()
    assert broken is not None, "the tampering was not detected"
    return broken.seq


# --- How the chain is made ---------------------------------------------------------------------------


def test_writing_an_entry_is_one_insert_and_the_entry_waits_unsealed(django_assert_num_queries):
    with django_assert_num_queries(1):  # no lock, no head row: writers never wait for each other
        log_action("core.test.happened")
    entry = AuditEntry.objects.get()
    assert entry.seq is None and entry.mac == ""
    status = chain_status()
    assert status.broken is None and status.unsealed == 1 and status.sealed == 0


def test_the_sealer_numbers_entries_in_order_and_links_each_to_the_one_before():
    entries = sealed_chain(3)
    assert [e.seq for e in entries] == [1, 2, 3]
    key = auditchain.audit_key()
    assert entries[1].mac == auditchain.entry_mac(key, entries[1], 2, entries[0].mac)
    status = chain_status()
    assert status.broken is None and status.sealed == 3 and status.unsealed == 0
    assert (
        status.checkpoint is not None
        and status.checkpoint.seq == 3
        and status.checkpoint.mac == entries[2].mac
    )


def test_later_entries_are_sealed_in_a_new_batch_and_checkpointed_again():
    sealed_chain(2)
    write_entries(2, start=2)
    assert seal_pending() == 2
    status = chain_status()
    assert status.broken is None and status.sealed == 4 and status.checkpoint.batch == 2
    assert len(checkpoint_path().read_text().splitlines()) == 2


def test_a_batch_larger_than_one_transaction_is_sealed_in_several(monkeypatch):
    monkeypatch.setattr(auditchain, "SEAL_BATCH", 2)
    write_entries(5)
    assert seal_pending() == 5
    assert AuditHead.objects.get().batch == 3 and verify_chain() is None


def test_personal_data_in_the_details_is_masked_before_it_is_written():
    entry = log_action("core.test.happened", data={"note": "证件 500103195303071224 电话 13812345678"})
    entry.refresh_from_db()
    assert "500103195303071224" not in entry.data["note"] and "500103********1224" in entry.data["note"]
    assert "13812345678" not in entry.data["note"]


def test_a_crash_between_a_batch_and_its_checkpoint_loses_nothing(monkeypatch):
    sealed_chain(2)
    write_entries(2, start=2)
    real_append = auditchain._append_checkpoint

    def crash(*args):
        raise SystemExit("killed after the commit, before the checkpoint")

    monkeypatch.setattr(auditchain, "_append_checkpoint", crash)
    with pytest.raises(SystemExit):
        seal_pending()
    status = chain_status()
    assert status.broken is None and status.sealed == 4 and status.checkpoint_pending
    monkeypatch.setattr(auditchain, "_append_checkpoint", real_append)
    assert seal_pending() == 0  # nothing new to seal; the missing checkpoint is written first
    status = chain_status()
    assert status.checkpoint.seq == 4 and not status.checkpoint_pending


# --- What the database refuses -------------------------------------------------------------------------


def test_the_database_refuses_to_change_an_entrys_content_sealed_or_not():
    entry = write_entries(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="core.test.rewritten")
    seal_pending()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(data={"n": 99})


def test_the_database_lets_a_seal_be_written_once_only():
    entry = sealed_chain(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(mac="0" * 64)


def test_the_database_refuses_to_delete_entries_sealed_or_not():
    write_entries(2)
    seal_pending()
    write_entries(1, start=2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq__isnull=True).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 3


def test_postgresql_refuses_to_truncate_the_log():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE is refused above")
    write_entries(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_auditentry")


# --- Ten tamperings, each detected ---------------------------------------------------------------------


def test_tampering_1_an_edited_entry_is_named():
    sealed_chain()
    with without_audit_guards():
        AuditEntry.objects.filter(seq=2).update(data={"n": 99})
    assert broken_at() == 2


def test_tampering_2_an_edited_entry_with_every_later_hash_recomputed_still_fails():
    """The old chain's attack: edit, then re-compute the rest and the head (without the key, the
    attacker can only guess: here plain SHA-256 as before, and a key of their own for the head)."""
    entries = sealed_chain()
    with without_audit_guards():
        prev = entries[0].mac
        for entry in entries[1:]:
            entry.data = {"n": 99} if entry.seq == 2 else entry.data
            entry.mac = hashlib.sha256(f"{entry.seq}{entry.data}{prev}".encode()).hexdigest()
            entry.save()
            prev = entry.mac
        head = AuditHead.objects.get()
        head.mac = prev
        head.signature = auditchain.head_signature(b"a key the attacker made up" * 2, head)
        head.save()
    assert broken_at() == 2


def test_tampering_3_a_removed_entry_in_the_middle_is_detected():
    sealed_chain()
    with without_audit_guards():
        AuditEntry.objects.filter(seq=3).delete()
    broken = verify_chain()
    assert broken is not None and broken.seq == 3 and "removed" in broken.reason


def test_tampering_4_a_cut_tail_with_the_head_moved_back_fails_against_the_checkpoint():
    entries = sealed_chain()
    with without_audit_guards():
        AuditEntry.objects.filter(seq__gte=4).delete()
    AuditHead.objects.update(seq=3, mac=entries[2].mac)
    broken = verify_chain()
    assert broken is not None and broken.seq == 4 and "removed" in broken.reason


def test_tampering_5_an_emptied_log_is_not_an_intact_log_of_zero_entries():
    sealed_chain()
    with without_audit_guards():
        AuditEntry.objects.all().delete()
    AuditHead.objects.all().delete()
    broken = verify_chain()
    assert broken is not None and broken.seq == 1 and "#1 to #5 were removed" in broken.reason
    with pytest.raises(CommandError, match="entry #1"):
        call_command("verify_audit")


def test_tampering_6_reordered_entries_are_detected():
    sealed_chain()
    with without_audit_guards():
        AuditEntry.objects.filter(seq=2).update(seq=-2)
        AuditEntry.objects.filter(seq=3).update(seq=2)
        AuditEntry.objects.filter(seq=-2).update(seq=3)
    assert broken_at() == 2


def test_tampering_7_an_entry_slipped_into_the_middle_is_detected():
    entries = sealed_chain()
    with without_audit_guards():
        for entry in reversed(entries[2:]):
            AuditEntry.objects.filter(pk=entry.pk).update(seq=entry.seq + 1)
        forged = log_action("core.test.happened", data={"n": "forged"})
        AuditEntry.objects.filter(pk=forged.pk).update(seq=3, mac=entries[2].mac)
    assert broken_at() == 3


def test_tampering_8_a_chain_rebuilt_with_another_key_is_detected():
    entries = sealed_chain()
    wrong = b"not the audit key, but just as long" * 2
    with without_audit_guards():
        prev = ""
        for entry in entries:
            entry.data = {"n": "rewritten"}
            entry.mac = prev = auditchain.entry_mac(wrong, entry, entry.seq, prev)
            entry.save()
    head = AuditHead.objects.get()
    head.mac = prev
    head.signature = auditchain.head_signature(wrong, head)
    head.save()
    assert broken_at() == 1


def test_tampering_9_a_checkpoint_log_replaced_with_an_older_copy_is_detected(tmp_path):
    sealed_chain(2)
    older = tmp_path / "older.log"
    shutil.copy(checkpoint_path(), older)
    for batch in range(2):
        write_entries(2, start=10 + 2 * batch)
        seal_pending()
    shutil.copy(older, checkpoint_path())
    broken = verify_chain()
    assert broken is not None and "older copy" in broken.reason
    # ...and with the database cut back to match it, the head cannot be signed without the key.
    first_two = list(AuditEntry.objects.filter(seq__lte=2).order_by("seq"))
    with without_audit_guards():
        AuditEntry.objects.filter(seq__gt=2).delete()
    AuditHead.objects.update(seq=2, mac=first_two[1].mac, batch=1)
    broken = verify_chain()
    assert broken is not None and "without the audit key" in broken.reason


def test_tampering_10_an_edited_line_of_the_checkpoint_log_is_detected():
    sealed_chain(3)
    path = checkpoint_path()
    path.write_text(path.read_text().replace('"seq":3', '"seq":2'))
    broken = verify_chain()
    assert broken is not None and "checkpoint log was changed or forged" in broken.reason
    with pytest.raises(CommandError, match="checkpoint log"):
        call_command("verify_audit")


def test_the_sealer_refuses_to_seal_on_top_of_a_cut_chain():
    entries = sealed_chain()
    with without_audit_guards():
        AuditEntry.objects.filter(seq__gte=4).delete()
    AuditHead.objects.update(seq=3, mac=entries[2].mac)
    write_entries(1, start=9)
    with pytest.raises(auditchain.AuditChainBroken):
        seal_pending()
    assert AuditEntry.objects.filter(seq__isnull=True).count() == 1


# --- The command ------------------------------------------------------------------------------------


def test_the_verify_command_reports_an_intact_chain_and_the_entries_waiting(capsys):
    sealed_chain(2)
    write_entries(1, start=2)
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "2 entries sealed" in out and "batch 1" in out and "1 not sealed yet" in out


def run_cli(*args: str, capsys) -> tuple[int, str]:
    """`python -m shebao <args>` in this process (so it sees the test database), as a shell would run it."""
    import sys

    from shebao.__main__ import main

    argv, sys.argv = sys.argv, ["python -m shebao", *args]
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.argv = argv
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_python_m_shebao_seal_audit_then_verify_audit_exit_zero(capsys):
    write_entries(3)
    call_command("seal_audit")
    assert "sealed 3" in capsys.readouterr().out
    code, output = run_cli("verify-audit", capsys=capsys)  # one per test: it closes the connection
    assert code == 0 and "3 entries sealed" in output


def test_python_m_shebao_verify_audit_exits_non_zero_naming_an_edited_entry(capsys):
    sealed_chain()
    with without_audit_guards():
        AuditEntry.objects.filter(seq=4).update(actor_name="someone else")
    code, output = run_cli("verify-audit", capsys=capsys)
    assert code != 0 and "entry #4" in output and "edited" in output


def test_python_m_shebao_verify_audit_exits_non_zero_when_the_last_entries_are_removed(capsys):
    sealed_chain()
    with without_audit_guards():
        AuditEntry.objects.filter(seq__gte=4).delete()
    code, output = run_cli("verify-audit", capsys=capsys)
    assert code != 0 and "entry #4" in output
