from django.core.management.base import BaseCommand, CommandError

from shebao.core.audit import verify_chain
from shebao.core.models import AuditEntry


class Command(BaseCommand):
    help = "Re-compute the audit log's hash chain; exit non-zero and name the first bad entry if any."

    def handle(self, *args, **options):
        broken = verify_chain()
        if broken is not None:
            raise CommandError(f"audit log broken at entry #{broken.seq}: {broken.reason}")
        self.stdout.write(self.style.SUCCESS(f"audit log intact: {AuditEntry.objects.count()} entries"))
