"""Send queued text messages that are due: first tries a crash interrupted, and retries after back-off.
Run it every minute or so beside the web server (cron, systemd timer); it is safe to run twice at once."""

from django.core.management.base import BaseCommand

from shebao.core.messaging import deliver_due


class Command(BaseCommand):
    help = "Send due text messages from the outbox (retries with back-off)."

    def handle(self, *args, **options):
        counts = deliver_due()
        summary = ", ".join(f"{state}: {n}" for state, n in sorted(counts.items())) or "nothing due"
        self.stdout.write(summary)
