"""`python -m shebao certify-silent [--engine duckdb|spark] [--until YYYY-MM-DD] FILE...`: silent
certification over other departments' evidence files; prints the run's report. Running it again with the
same files changes nothing; a run that was killed continues where it stopped."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shebao.certification.evidence import EvidenceRefused
from shebao.certification.silent import CHUNK, silent_run


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
        parser.add_argument("--until", type=date.fromisoformat, default=None, help="evidence up to this day")
        parser.add_argument("--chunk", type=int, default=CHUNK, help="rows written back per transaction")

    def handle(self, *args, **options):
        files = [Path(f) for f in options["files"]]
        until = options["until"] or timezone.localdate()
        try:
            run = silent_run(
                files=files, until=until, engine=options["engine"], chunk=max(1, options["chunk"])
            )
        except EvidenceRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps({"run": run.pk, **run.report}, ensure_ascii=False, indent=1))
