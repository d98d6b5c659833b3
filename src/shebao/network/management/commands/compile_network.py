"""`python -m shebao compile_network`: have numba compile (or load from its cache) the network's compiled
code now, the nearest-outlet tree and the siting steps, so that the first outlet map or siting page after
a deployment or an upgrade does not wait for it (about 20 s the first time, half a second after)."""

import time

from django.core.management.base import BaseCommand

from shebao.network import kdtree, siting


class Command(BaseCommand):
    help = "Compile the nearest-outlet tree and the siting steps now (numba keeps them in its cache)."

    def handle(self, *args, **options) -> None:
        start = time.perf_counter()
        kdtree.compile_steps()
        siting.compile_steps()
        self.stdout.write(f"Compiled in {time.perf_counter() - start:.1f} s.")
