"""Catalogue text (no database): where the catalogue's data files are, and `material_key`, which gives a
material its identity across items, so a bundle asks for one ID card, not five. Normalising what a
citizen typed is the text search's (shebao.core.textsearch.normalise)."""

from __future__ import annotations

import re
from pathlib import Path

from shebao.core.textsearch.normalise import normalise, to_simplified

DATA = Path(__file__).resolve().parent / "data"
# Words that describe the form of a document, not which document it is.
_FORM_WORDS = re.compile(r"(及其?)?(原件|复印件|影印件|扫描件|电子件|电子版)(和|及|或)?")
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")


def material_key(name: str, aliases: dict[str, str] | None = None) -> str:
    """The identity of a material: its normalised name without form words or remarks in brackets,
    mapped through `aliases` (normalised alias → key), e.g. "身份证复印件" → "resident_id_card"."""
    core = normalise(_FORM_WORDS.sub("", _BRACKETS.sub("", to_simplified(name or ""))))
    aliases = aliases or {}
    return aliases.get(core, core)
