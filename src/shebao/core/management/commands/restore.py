from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shebao.core.backup import BackupRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`: checks its manifest first (database kind, checksums, audit key, "
        "migrations), then replaces the database, the uploaded files and the audit checkpoint log, keeping "
        "the replaced files and log beside them, and verifies the audit chain. Stop the server and the jobs "
        "first; on PostgreSQL run it as the tables' owner, then grant-app-role again."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask for confirmation"
        )

    def handle(self, *args, archive, interactive=True, **options):
        if interactive:
            answer = input(
                f"Replace this server's database, uploaded files and audit log with {archive}? [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("restore cancelled: nothing was changed")
        try:
            restored = restore_backup(archive)
        except BackupRefused as exc:
            raise CommandError(f"restore refused, nothing was changed: {exc}") from None
        manifest = restored.manifest
        self.stdout.write(f"restored the backup of {manifest['created']} ({manifest['vendor']})")
        for path in restored.kept_aside:
            self.stdout.write(f"kept what it replaced: {path}")
        if restored.unapplied_migrations:
            self.stdout.write(f"{restored.unapplied_migrations} migrations to apply: run `migrate` next")
        if manifest["vendor"] == "postgresql":
            self.stdout.write("PostgreSQL: run `grant-app-role <the app's role>` as the owner next")
        audit = restored.audit
        if audit.broken is not None:
            raise CommandError(
                f"restored, but the audit chain does not verify at entry #{audit.broken.seq}: "
                f"{audit.broken.reason}"
            )
        self.stdout.write(
            self.style.SUCCESS(f"audit chain intact after the restore: {audit.sealed} entries sealed")
        )
