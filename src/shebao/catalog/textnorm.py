"""Text normalisation for the catalogue (no database): what a citizen typed, made comparable.

- full-width letters and digits become half-width, letters lower case (NFKC);
- traditional characters become simplified, from a character table generated from OpenCC (so the
  server needs no converter at run time);
- spaces and punctuation go: "社保卡 挂失" and "社保卡挂失" are the same query.

`material_key` gives a material its identity across items, so a bundle asks for one ID card, not five.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
# Words that describe the form of a document, not which document it is.
_FORM_WORDS = re.compile(r"(及其?)?(原件|复印件|影印件|扫描件|电子件|电子版)(和|及|或)?")
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")


@functools.cache
def t2s_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for line in (DATA / "t2s_chars.txt").read_text(encoding="utf-8").splitlines():
        if len(line) == 2 and not line.startswith("#"):
            table[ord(line[0])] = line[1]
    return table


def to_simplified(text: str) -> str:
    return (text or "").translate(t2s_table())


def normalise(text: str) -> str:
    """Comparable form: NFKC, lower case, simplified, without spaces or punctuation."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _DROP.sub("", to_simplified(text))


def material_key(name: str, aliases: dict[str, str] | None = None) -> str:
    """The identity of a material: its normalised name without form words or remarks in brackets,
    mapped through `aliases` (normalised alias → key), e.g. "身份证复印件" → "resident_id_card"."""
    core = normalise(_FORM_WORDS.sub("", _BRACKETS.sub("", to_simplified(name or ""))))
    aliases = aliases or {}
    return aliases.get(core, core)
