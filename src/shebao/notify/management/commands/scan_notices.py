"""python -m shebao scan-notices --date YYYY-MM-DD: the daily scans for one day (idempotent)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shebao.notify.scans import scan_notices


class Command(BaseCommand):
    help = "Write the notices of the daily scans for a day (default today); a re-run writes nothing twice."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {options['date']!r} is not a date like 2026-12-03") from None
        written = scan_notices(day)
        for code, count in sorted(written.items()):
            self.stdout.write(f"{code}: {count}")
        self.stdout.write(f"total: {sum(written.values())} notices for {day.isoformat()}")
