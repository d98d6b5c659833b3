"""The audit chain becomes tamper-evident against someone with the database (issue 12):

- entries are inserted unsealed and sealed later in batches (seq and an HMAC, core.auditchain), so the
  writers of entries never queue on one head row;
- the database refuses DELETE, TRUNCATE of a non-empty log, and any UPDATE except writing an unsealed
  entry's seal once (triggers on both databases). On PostgreSQL the app connects as a role that owns
  none of this (README: two roles), so it cannot drop these triggers either;
- entries of the old, keyless SHA-256 chain are unsealed again, to be sealed with the key.
"""

from django.db import migrations, models

GUARD_MESSAGE = "the audit log is append-only: an entry is never removed, and sealed once"
# Everything but the seal: an UPDATE may only fill `seq` and `mac` of an entry that has none yet.
CONTENT = ("id", "at", "actor_id", "actor_name", "action", "object_type", "object_id", "data")

SQLITE_UP = [
    "CREATE TRIGGER core_auditentry_seal_once BEFORE UPDATE ON core_auditentry WHEN OLD.mac != '' "
    "OR NEW.seq IS NULL OR NEW.mac = '' OR "
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in CONTENT)
    + f" BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END;",
    "CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry "
    f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditentry_seal_once;",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete;",
]

POSTGRES_UP = [
    f"""CREATE OR REPLACE FUNCTION core_auditentry_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.mac <> '' OR NEW.seq IS NULL OR NEW.mac = ''
     OR ({", ".join("NEW." + c for c in CONTENT)}) IS DISTINCT FROM ({", ".join("OLD." + c for c in CONTENT)}) THEN
    RAISE EXCEPTION '{GUARD_MESSAGE}';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER core_auditentry_guard BEFORE UPDATE OR DELETE ON core_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION core_auditentry_guard();",
    # TRUNCATE skips row triggers: refuse it whenever it would remove an entry.
    f"""CREATE OR REPLACE FUNCTION core_auditentry_refuse_truncate() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM core_auditentry) THEN RAISE EXCEPTION '{GUARD_MESSAGE}'; END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_refuse_truncate();",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditentry_guard ON core_auditentry;",
    "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry;",
    "DROP FUNCTION IF EXISTS core_auditentry_guard();",
    "DROP FUNCTION IF EXISTS core_auditentry_refuse_truncate();",
]
# Migration 0002's guard, replaced by the ones above.
OLD_GUARD = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS core_auditentry_no_update ON core_auditentry;",
        "DROP FUNCTION IF EXISTS core_auditentry_refuse_update();",
    ],
    "sqlite": ["DROP TRIGGER IF EXISTS core_auditentry_no_update;"],
}


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def drop_old_guard(apps, schema_editor):
    _run(schema_editor, OLD_GUARD[schema_editor.connection.vendor])


def unseal_old_entries(apps, schema_editor):
    """The keyless chain proves nothing: its entries are sealed again, with the key, by the sealer."""
    apps.get_model("core", "AuditEntry").objects.update(seq=None, mac="")
    apps.get_model("core", "AuditHead").objects.all().delete()


def guards_up(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES_UP if postgres else SQLITE_UP)


def guards_down(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES_DOWN if postgres else SQLITE_DOWN)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_holiday_schedules'),
    ]

    operations = [
        migrations.RunPython(drop_old_guard, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name='auditentry',
            options={'ordering': ['id'], 'verbose_name': 'audit entry', 'verbose_name_plural': 'audit log'},
        ),
        migrations.RemoveField(
            model_name='auditentry',
            name='hash',
        ),
        migrations.RemoveField(
            model_name='auditentry',
            name='prev_hash',
        ),
        migrations.RemoveField(
            model_name='audithead',
            name='hash',
        ),
        migrations.AddField(
            model_name='auditentry',
            name='mac',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='audithead',
            name='batch',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='audithead',
            name='mac',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='audithead',
            name='signature',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='seq',
            field=models.BigIntegerField(blank=True, null=True, unique=True),
        ),
        migrations.RunPython(unseal_old_entries, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='auditentry',
            index=models.Index(condition=models.Q(('seq__isnull', True)), fields=['id'], name='core_audit_unsealed'),
        ),
        migrations.RunPython(guards_up, guards_down),
    ]
