"""Run the registered background jobs (core.jobs): in a loop beside the web server, or once (cron)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from shebao.core import jobs

TICK_SECONDS = 30


class Command(BaseCommand):
    help = "Run background jobs (texts, reminders, booking slots) when they are due; --once for cron."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every due job once, then stop")

    def handle(self, *args, **options):
        last_run: dict = {}
        names = ", ".join(j.name for j in jobs.registered())
        self.stdout.write(f"jobs: {names}")
        while True:
            for name, outcome in jobs.run_due(last_run, timezone.now()).items():
                if outcome != "ok":  # a job that found nothing to do is not news
                    self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} {name}: {outcome}")
            if options["once"]:
                return
            time.sleep(TICK_SECONDS)
            close_old_connections()  # a long-lived process must not keep a dead or expired connection
