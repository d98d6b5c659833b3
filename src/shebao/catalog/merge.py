"""Merging the materials of several items into one list (no database): a bundle asks for one ID card,
not five. Materials are the same document when they have the same `key` (see textnorm.material_key).

For one key: the original is asked for if any item needs the original (a copy can be made from it);
the count is the largest any single item needs (one set of materials serves every item); the strictest
requirement wins (required > deferrable > optional) and a deferrable one gets the shortest deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

_STRICTNESS = {"required": 0, "deferrable": 1, "optional": 2}


@dataclass
class MergedMaterial:
    key: str
    name: str
    form: str
    count: int
    requirement: str
    defer_days: int | None
    notes: str = ""
    example: str = ""
    items: list[str] = field(default_factory=list)


def merge_materials(rows: Iterable[tuple[str, object]]) -> list[MergedMaterial]:
    """`rows` are (item code, material) pairs in the bundle's order; materials need key, name, form,
    count, requirement, defer_days, notes, example attributes."""
    merged: dict[str, MergedMaterial] = {}
    for code, m in rows:
        have = merged.get(m.key)
        if have is None:
            merged[m.key] = MergedMaterial(
                m.key, m.name, m.form, m.count, m.requirement, m.defer_days, m.notes, m.example, [code]
            )
            continue
        if code not in have.items:
            have.items.append(code)
        if m.form == "original":
            have.form = "original"
        have.count = max(have.count, m.count)
        if _STRICTNESS[m.requirement] < _STRICTNESS[have.requirement]:
            have.requirement = m.requirement
            have.defer_days = m.defer_days
        elif m.requirement == have.requirement == "deferrable":
            have.defer_days = min(d for d in (have.defer_days, m.defer_days) if d is not None)
        if have.requirement != "deferrable":
            have.defer_days = None
    return sorted(merged.values(), key=lambda x: _STRICTNESS[x.requirement])
