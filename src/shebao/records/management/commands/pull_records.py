"""Pull a period's contribution months or benefit payments from the core system (CORE_SYSTEM_URL) and
apply them through the same checks as a file: all lines or none; pulling the same answer twice changes
nothing."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shebao.core.errors import ApplicationError
from shebao.records.coresystem import core_system, pull
from shebao.records.importer import ImportRefused
from shebao.records.models import BatchKind


def _month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise CommandError(_("Write the month as YYYY-MM (e.g. 2024-03).")) from None


class Command(BaseCommand):
    help = "Pull contribution months or benefit payments of a period from the core system."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=BatchKind.values)
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM")

    def handle(self, *args, kind: str, start: str, end: str, **options):
        source = core_system()
        if source is None:
            raise CommandError(_("CORE_SYSTEM_URL is not set."))
        try:
            result = pull(source, kind=kind, start=_month(start), end=_month(end))
        except ImportRefused as refused:
            for line_error in refused.errors[:200]:
                self.stderr.write(str(line_error))
            raise CommandError(str(refused.message)) from None
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        batch = result.batch
        if result.already_applied:
            self.stdout.write(_("Nothing new: this answer was applied already."))
            return
        self.stdout.write(
            _("Applied %(rows)s lines: %(added)s added, %(corrected)s corrected.")
            % {"rows": batch.rows, "added": batch.created_rows, "corrected": batch.updated_rows}
        )
