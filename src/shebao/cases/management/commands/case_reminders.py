from django.core.management.base import BaseCommand

from shebao.cases import services


class Command(BaseCommand):
    help = "Remind applicants of missing materials before their deadline; suspend overdue cases (idempotent)."

    def handle(self, *args, **options):
        counts = services.case_reminders()
        self.stdout.write(f"reminded {counts['reminded']}, suspended {counts['suspended']}")
