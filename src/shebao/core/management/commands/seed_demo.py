"""Load the demo municipality. Each app may have a `demo.py` with `seed(*, rng_seed, stdout)`; they run
in INSTALLED_APPS order (the layering order), and each one is idempotent, so a second run adds nothing.
Last, every background job runs once (core.jobs), so the demo starts settled: the reminders due today are
already in the outbox, and the job runner that `make run` starts finds nothing left to do."""

import importlib
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from shebao.core import jobs


class Command(BaseCommand):
    help = "Load the deterministic demo data set (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=settings.SHEBAO["DEMO_SEED"])

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            if not config.name.startswith("shebao."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            started = time.monotonic()
            module.seed(rng_seed=options["seed"], stdout=self.stdout)
            self.stdout.write(f"  {config.label}: {time.monotonic() - started:.1f}s")
        for job in jobs.registered():  # also outside the daytime: the demo is being set up, nobody is texted
            self.stdout.write(f"  job {job.name}: {job.func()}")
