"""`python -m shebao compile_numba`: have numba compile (or load from its cache) every compiled part now,
the nearest-outlet tree, the siting steps and the text search's gram postings, so that the first outlet
map, siting page or search after a deployment or an upgrade does not wait for it (about 15 s the first
time, a third of a second after)."""

import time

from django.core.management.base import BaseCommand

from shebao.core.textsearch import grams
from shebao.network import kdtree, siting


class Command(BaseCommand):
    help = "Compile the nearest-outlet tree, the siting steps and the search's gram postings now."

    def handle(self, *args, **options) -> None:
        start = time.perf_counter()
        kdtree.compile_steps()
        siting.compile_steps()
        grams.compile_steps()
        self.stdout.write(f"Compiled in {time.perf_counter() - start:.1f} s.")
