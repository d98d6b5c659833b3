from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from shebao.core.backup import BackupRefused, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database, the uploaded files and the audit checkpoint log into one .tar.gz with a "
        "manifest (safe while the server runs). The audit key is not in it: keep it apart."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="the archive to write (default: var/backups/shebao-<database>-<time>.tar.gz)",
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.VAR_DIR) / "backups" / f"shebao-{connection.vendor}-{stamp}.tar.gz"
        try:
            manifest = make_backup(output)
        except BackupRefused as exc:
            raise CommandError(str(exc)) from None
        media = sum(1 for name in manifest["parts"] if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written: {output} ({output.stat().st_size} bytes; {manifest['vendor']} database, "
                f"{media} uploaded files, the audit checkpoint log; audit key "
                f"{manifest['audit_key_fingerprint']})"
            )
        )
