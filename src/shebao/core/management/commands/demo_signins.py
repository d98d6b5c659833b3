from django.core.management.base import BaseCommand

from shebao.core.demo import DEMO_PASSWORD, demo_accounts


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
