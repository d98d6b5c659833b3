"""`python -m shebao certify-silent-apply [--until YYYY-MM-DD] [--report REPORT.json] FOLDER`: write back
the output of the matching step run on a cluster (spark-submit ... --out hdfs:///silent/2026-12), its
directory of Parquet parts copied here (`hdfs dfs -get`). REPORT.json is what spark-submit printed (rows
read, bad rows by file), kept with the run. The same folder again changes nothing; a write-back that was
killed continues where it stopped. Prints the run's report."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shebao.certification.evidence import EvidenceRefused
from shebao.certification.silent import cluster_output_apply


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--until", type=date.fromisoformat, default=None, help="the run's --until")
        parser.add_argument("--report", default=None, help="the JSON report spark-submit printed")

    def handle(self, *args, **options):
        until = options["until"] or timezone.localdate()
        report = None
        if options["report"]:
            try:
                report = json.loads(Path(options["report"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"{options['report']}: {error}") from error
        try:
            run = cluster_output_apply(folder=Path(options["folder"]), until=until, cluster_report=report)
        except EvidenceRefused as error:
            raise CommandError(f"{error.path}: {error.reason}") from error
        self.stdout.write(json.dumps({"run": run.pk, **run.report}, ensure_ascii=False, indent=1))
