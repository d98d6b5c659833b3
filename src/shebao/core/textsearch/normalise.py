"""What a person typed, made comparable (no database):

- full-width letters and digits become half-width, letters lower case (NFKC);
- traditional characters become simplified, from a character table generated from OpenCC (so the
  server needs no converter at run time);
- spaces and punctuation go: "社保卡 挂失" and "社保卡挂失" are the same query.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
T2S_TABLE = Path(__file__).resolve().parent / "data" / "t2s_chars.txt"


@functools.cache
def t2s_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for line in T2S_TABLE.read_text(encoding="utf-8").splitlines():
        if len(line) == 2 and not line.startswith("#"):
            table[ord(line[0])] = line[1]
    return table


def to_simplified(text: str) -> str:
    return (text or "").translate(t2s_table())


def normalise(text: str) -> str:
    """Comparable form: NFKC, lower case, simplified, without spaces or punctuation."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _DROP.sub("", to_simplified(text))
