"""The hall's daily job, by hand or from cron (`run_jobs` also runs it): see hall/jobs.py."""

from django.core.management.base import BaseCommand

from shebao.hall.jobs import STEPS, hall_daily


class Command(BaseCommand):
    help = "Generate booking slots, mark no-shows, send tomorrow's reminders (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=STEPS, help="run one step only")

    def handle(self, *args, **options):
        done = hall_daily((options["only"],) if options["only"] else STEPS)
        if "slots" in done:
            made = done["slots"]
            self.stdout.write(
                f"slots: {made['created']} created, {made['removed']} removed at {made['outlets']} outlets"
            )
        if "no-shows" in done:
            self.stdout.write(f"no-shows: {done['no-shows']} marked")
        if "reminders" in done:
            self.stdout.write(f"reminders: {done['reminders']} sent")
