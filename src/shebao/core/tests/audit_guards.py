"""Lifting the audit log's database guards, as only the owner of its tables can: for tests that tamper
with the log as an insider would, and for the suite's clean-up after transactional tests."""

import contextlib
import importlib

from django.db import connection, transaction

guards = importlib.import_module("shebao.core.migrations.0005_audit_sealed_chain")


@contextlib.contextmanager
def without_audit_guards():
    """A cursor with the triggers off (PostgreSQL: disabled; SQLite: dropped), back on at the end."""
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER USER")
        else:
            for sql in guards.SQLITE_DOWN:
                cursor.execute(sql)
        yield cursor
        if postgres:
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER USER")
        else:
            for sql in guards.SQLITE_UP:
                cursor.execute(sql)
