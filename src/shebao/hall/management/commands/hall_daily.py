"""The hall's daily job (run it from cron every day, any number of times: each step is idempotent):
booking slots for the coming days, yesterday's missed appointments marked as no-shows, and tomorrow's
reminders sent by text message."""

from django.core.management.base import BaseCommand

from shebao.hall.appointments import appointments_mark_no_shows, appointments_send_reminders
from shebao.hall.slots import slots_generate_everywhere

STEPS = ("slots", "no-shows", "reminders")


class Command(BaseCommand):
    help = "Generate booking slots, mark no-shows, send tomorrow's reminders (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=STEPS, help="run one step only")

    def handle(self, *args, **options):
        steps = [options["only"]] if options["only"] else list(STEPS)
        if "slots" in steps:
            made = slots_generate_everywhere()
            self.stdout.write(
                f"slots: {made['created']} created, {made['removed']} removed at {made['outlets']} outlets"
            )
        if "no-shows" in steps:
            self.stdout.write(f"no-shows: {appointments_mark_no_shows()} marked")
        if "reminders" in steps:
            self.stdout.write(f"reminders: {appointments_send_reminders()} sent")
