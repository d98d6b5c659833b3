"""The seed catalogue: 155 items written from national and local handling rules, their materials and
the bundles, loaded from data/*.csv through the same importer agencies use (so the format is proven).

Idempotent: an unchanged file publishes no new version. When the seed files change after a database was
seeded, the changed items get a new version in force from today (the dates in the files are those of a
fresh database), so existing cases keep the version they were accepted under."""

from __future__ import annotations

from shebao.catalog import importer, services
from shebao.catalog.models import ItemVersion
from shebao.catalog.textnorm import DATA


def seed_tables() -> dict:
    return {
        kind: importer.read_upload(f"{kind}.csv", (DATA / f"{kind}.csv").read_bytes(), kind)[kind]
        for kind in importer.KINDS
    }


def _reissue_from_today(tables: dict) -> dict:
    """Drop a row's start date when the item already has a version starting that day or later."""
    latest: dict[str, str] = {}
    for code, start in ItemVersion.objects.values_list("item__code", "effective_from"):
        latest[code] = max(latest.get(code, ""), start.isoformat())
    rows = []
    for line, row in tables.get("items", []):
        if row.get("code") in latest and row.get("effective_from", "") <= latest[row["code"]]:
            row = {**row, "effective_from": ""}
        rows.append((line, row))
    return {**tables, "items": rows}


def seed(*, rng_seed: int = 0, stdout=None) -> dict[str, int]:
    tables = _reissue_from_today(seed_tables())
    counts = services.catalogue_import(actor=None, tables=tables, system=True)
    if stdout is not None:
        stdout.write(
            f"  catalog: {counts['items']} new items, {counts['versions']} new versions, "
            f"{counts['bundles']} new bundles"
        )
    return counts
