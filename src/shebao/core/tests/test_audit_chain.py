"""The audit log is append-only and hash-chained: edits and removals are detected and named."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from shebao.core.audit import log_action, verify_chain
from shebao.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def write_entries(n: int) -> list[AuditEntry]:
    return [log_action("core.test.happened", data={"n": i}) for i in range(n)]


def drop_update_guard():
    """Tampering as an attacker with database access would: first remove the trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER core_auditentry_no_update ON core_auditentry")
        else:
            cursor.execute("DROP TRIGGER core_auditentry_no_update")


def test_entries_are_numbered_without_gaps_and_each_links_to_the_one_before():
    entries = write_entries(3)
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[1].prev_hash == entries[0].hash and entries[2].prev_hash == entries[1].hash
    assert verify_chain() is None


def test_personal_data_in_the_details_is_masked_before_it_is_written():
    entry = log_action("core.test.happened", data={"note": "证件 500103195303071224 电话 13812345678"})
    entry.refresh_from_db()
    assert "500103195303071224" not in entry.data["note"] and "500103********1224" in entry.data["note"]
    assert "13812345678" not in entry.data["note"]


def test_the_database_refuses_to_update_an_entry():
    entry = write_entries(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="core.test.rewritten")


def test_an_edited_entry_is_named_by_the_verify_command():
    write_entries(4)
    drop_update_guard()
    AuditEntry.objects.filter(seq=2).update(data={"n": 99})
    with pytest.raises(CommandError, match="entry #2"):
        call_command("verify_audit")


def test_a_removed_entry_in_the_middle_is_detected():
    write_entries(4)
    AuditEntry.objects.filter(seq=3).delete()
    broken = verify_chain()
    assert broken is not None and broken.seq == 3


def test_a_removed_last_entry_is_detected_through_the_chain_head():
    write_entries(3)
    AuditEntry.objects.filter(seq=3).delete()
    broken = verify_chain()
    assert broken is not None and broken.seq == 3


def test_a_rewritten_entry_with_a_recomputed_hash_still_breaks_the_next_link():
    from shebao.core.audit import entry_hash

    write_entries(3)
    drop_update_guard()
    forged = AuditEntry.objects.get(seq=2)
    forged.action = "core.test.forged"
    forged.hash = entry_hash(forged)
    forged.save()
    broken = verify_chain()
    assert broken is not None and broken.seq == 3


def test_the_verify_command_reports_an_intact_chain(capsys):
    write_entries(2)
    call_command("verify_audit")
    assert "2 entries" in capsys.readouterr().out


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


def test_python_m_shebao_verify_audit_exits_zero_on_an_intact_chain(capsys):
    write_entries(3)
    code, output = run_cli("verify-audit", capsys=capsys)
    assert code == 0 and "3 entries" in output


def test_python_m_shebao_verify_audit_exits_non_zero_naming_an_edited_entry(capsys):
    write_entries(5)
    drop_update_guard()
    AuditEntry.objects.filter(seq=4).update(actor_name="someone else")
    code, output = run_cli("verify-audit", capsys=capsys)
    assert code != 0 and "entry #4" in output and "edited" in output


def test_python_m_shebao_verify_audit_exits_non_zero_naming_a_removed_entry(capsys):
    write_entries(5)
    AuditEntry.objects.filter(seq=2).delete()
    code, output = run_cli("verify-audit", capsys=capsys)
    assert code != 0 and "entry #2" in output and "removed" in output


def test_python_m_shebao_verify_audit_exits_non_zero_when_the_last_entries_are_removed(capsys):
    write_entries(5)
    AuditEntry.objects.filter(seq__gte=4).delete()
    code, output = run_cli("verify-audit", capsys=capsys)
    assert code != 0 and "entry #4" in output
