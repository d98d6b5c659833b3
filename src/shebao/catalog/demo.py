"""The seed catalogue: 155 items written from national and local handling rules, their materials and
15 bundles, loaded from data/*.csv through the same importer agencies use (so the format is proven).
Idempotent: an unchanged file publishes no new version."""

from __future__ import annotations

from shebao.catalog import importer, services
from shebao.catalog.textnorm import DATA


def seed_tables() -> dict:
    return {
        kind: importer.read_upload(f"{kind}.csv", (DATA / f"{kind}.csv").read_bytes(), kind)[kind]
        for kind in importer.KINDS
    }


def seed(*, rng_seed: int = 0, stdout=None) -> dict[str, int]:
    counts = services.catalogue_import(actor=None, tables=seed_tables(), system=True)
    if stdout is not None:
        stdout.write(
            f"  catalog: {counts['items']} new items, {counts['versions']} new versions, "
            f"{counts['bundles']} new bundles"
        )
    return counts
