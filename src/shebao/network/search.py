"""Fuzzy matching of outlet names and addresses, with pinyin (no database).

People half-remember a name ("观音桥那个银行"), type pinyin on a phone without a Chinese keyboard
("guanyinqiao"), or just its initials ("gyq"). A text matches when the query is a substring of it, or its
characters appear in order (渝中社保 → 渝中区社保服务大厅), or the query matches the full pinyin or the
initials. The score orders results: a plain substring of the name first.
"""

from __future__ import annotations

import functools
import re

from pypinyin import Style, lazy_pinyin

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACES.sub("", text or "").lower()


@functools.lru_cache(maxsize=65536)
def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) without tones or separators: 观音桥 → ('guanyinqiao', 'gyq')."""
    full = lazy_pinyin(text, style=Style.NORMAL, errors="ignore")
    return "".join(full).lower(), "".join(p[0] for p in full if p).lower()


def _in_order(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def score(query: str, name: str, address: str = "") -> int:
    """0 when no match; higher is better."""
    q = normalise(query)
    if not q:
        return 0
    name_n, addr_n = normalise(name), normalise(address)
    if q in name_n:
        return 100 - min(len(name_n) - len(q), 50) // 5
    if q in addr_n:
        return 60
    if q.isascii():
        full, initials = pinyin_keys(name_n)
        if q in full or q in initials:
            return 50
        a_full, a_initials = pinyin_keys(addr_n)
        if q in a_full or q in a_initials:
            return 30
        return 0
    if len(q) >= 2 and _in_order(q, name_n):
        return 40
    return 20 if len(q) >= 2 and _in_order(q, addr_n) else 0
