from django.core.management.base import BaseCommand

from shebao.core.auditchain import seal_pending


class Command(BaseCommand):
    help = "Seal the audit entries waiting (run_jobs does it every minute) and checkpoint the chain's head."

    def handle(self, *args, **options):
        self.stdout.write(f"sealed {seal_pending()} audit entries")
