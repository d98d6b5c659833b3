"""Load the knowledge base's written answers and the catalogue's handling answers (idempotent; the
consult.knowledge job does the same every hour, so a changed guide reaches its answers)."""

from django.core.management.base import BaseCommand

from shebao.consult import services


class Command(BaseCommand):
    help = "Load the knowledge base's answers (written ones not yet loaded, the catalogue's refreshed)."

    def handle(self, *args, **options):
        counts = services.knowledge_load()
        self.stdout.write(f"{counts['created']} answers created, {counts['refreshed']} refreshed")
