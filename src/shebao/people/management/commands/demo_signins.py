"""The demo's sign-ins: staff of every role (core's demo) and a citizen for the portal (people's showcase)."""

from django.core.management.base import BaseCommand

from shebao.core import messaging
from shebao.core.demo import DEMO_PASSWORD, demo_accounts
from shebao.people.demo_showcase import SHOWCASE_RESIDENT_ID


class Command(BaseCommand):
    help = "Print the demo sign-ins for every role."

    def handle(self, *args, **options):
        accounts = demo_accounts()
        if not accounts:
            self.stdout.write("No demo accounts: run `python -m shebao seed_demo` first.")
            return
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD})")
        for username, roles, place, note in accounts:
            self.stdout.write(f"  {username:<18} {roles:<22} {place}{'  ' + note if note else ''}")
        where = ", and without an SMS gateway it waits on /dev/outbox/." if messaging.outbox_shown() else "."
        self.stdout.write(
            f"Citizen portal /my/: sign in with the document number {SHOWCASE_RESIDENT_ID}"
            f" (张桂芳, a pensioner); the code is texted to her phone{where}"
        )
