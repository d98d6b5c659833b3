"""Apply a contribution or payment file from the core system: every line is checked first, and a file
with any bad line is refused whole, each bad line named. The same file twice changes nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shebao.records.importer import ImportRefused
from shebao.records.models import BatchKind
from shebao.records.services import ledger_import

SHOWN_ERRORS = 200


class Command(BaseCommand):
    help = "Import contribution months or benefit payments from a CSV, XLSX or Parquet file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--kind", required=True, choices=BatchKind.values)
        parser.add_argument("--by", default="", help="username of the member of staff applying it")

    def handle(self, *args, path: Path, kind: str, by: str, **options):
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        actor = get_user_model().objects.filter(username=by).first() if by else None
        if by and actor is None:
            raise CommandError(_("No such user: %(name)s") % {"name": by})
        try:
            result = ledger_import(path=path, kind=kind, actor=actor)
        except ImportRefused as refused:
            shown = refused.errors[:SHOWN_ERRORS]
            for error in shown:
                self.stderr.write(str(error))
            if more := refused.bad_lines - len({error.line for error in shown}):
                self.stderr.write(_("… and %(n)s more.") % {"n": more})
            raise CommandError(str(refused.message)) from None
        batch = result.batch
        if result.already_applied:
            self.stdout.write(
                _("This file was applied already (%(name)s, %(at)s): nothing changed.")
                % {"name": batch.file_name, "at": f"{batch.applied_at:%Y-%m-%d %H:%M}"}
            )
            return
        self.stdout.write(
            _("Applied %(rows)s lines: %(added)s added, %(corrected)s corrected.")
            % {"rows": batch.rows, "added": batch.created_rows, "corrected": batch.updated_rows}
        )
