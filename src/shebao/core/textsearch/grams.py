"""Q-gram postings made in one compiled pass (numba): for each substring of 1 to 3 characters of each
document's texts, the documents holding it, as one integer with a bit per document.

This is what `Postings.add` does one document at a time in Python, where making the substrings of every
title's pinyin (12.7 million characters at 15,500 documents) was the index build's largest part. Here
the texts are joined into one array of character numbers and a compiled loop numbers each gram, counts
each document once per gram (the last document seen per gram) and lays the documents out per gram. It
needs a table of every possible gram, so it is used when the texts hold few different characters (pinyin,
initials: letters and digits); `gram_bitsets` answers None otherwise and the caller goes on in Python.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numba import njit

MAX_ALPHABET = 100  # different characters at most: about a million possible grams of three, 12 MB of tables
SEPARATOR = "\x00"  # between two texts: no gram spans it


def gram_bitsets(texts_by_document: Sequence[Sequence[str]], size: int) -> dict[str, int] | None:
    """{gram: bits of the documents holding it} for the substrings of 1 to `size` (at most 3) characters
    of each document's texts; None when the texts hold more than MAX_ALPHABET different characters (or
    the separator), which the table cannot take."""
    joined = [SEPARATOR.join(texts) for texts in texts_by_document]
    everything = SEPARATOR.join(joined)
    separators = sum(max(len(texts) - 1, 0) for texts in texts_by_document) + len(joined) - 1
    if everything.count(SEPARATOR) != separators:
        return None  # a text holds the separator itself
    if not everything.replace(SEPARATOR, ""):
        return {}
    codes = np.frombuffer(everything.encode("utf-32-le"), dtype=np.uint32)
    held = np.bincount(codes)
    held[0] = 1  # the separator is character 0 even when no text is beside another
    present = np.flatnonzero(held)
    if len(present) > MAX_ALPHABET + 1:  # the separator is one of them
        return None
    lookup = np.zeros(int(present[-1]) + 1, np.int64)
    lookup[present] = np.arange(len(present))  # the separator, code 0, is number 0
    ends = np.cumsum(np.fromiter((len(j) + 1 for j in joined), np.int64, len(joined)))
    found, owners, first, last = _postings(lookup[codes], ends, len(present), size)
    bits = _bits_of(owners, first, last, len(joined))
    alphabet = [chr(c) for c in present]
    return {
        _gram(int(code), alphabet): int.from_bytes(row.tobytes(), "little")
        for code, row in zip(found, bits, strict=True)
    }


def compile_steps() -> None:
    """Have numba compile (or load) the gram pass now: `compile_numba` calls this before serving."""
    gram_bitsets([["ab", "c"], ["b"]], 3)


def _gram(code: int, alphabet: list[str]) -> str:
    """The gram numbered `code` (see `_postings`): its characters, the first one first."""
    base = len(alphabet)
    characters = []
    while code:
        code, at = divmod(code, base)
        characters.append(alphabet[at])
    return "".join(reversed(characters))


@njit(cache=True)
def _postings(ids, ends, base, size):
    """(the grams found, and for each the documents holding it: owners[starts[g]:starts[g + 1]]).
    A gram is numbered by its characters' numbers as digits in `base` (none is 0, the separator, so
    grams of different lengths have different numbers); documents are numbered by where they end."""
    n_codes = base ** min(size, 3)
    last = np.full(n_codes, -1, np.int32)  # the last document counted for each gram
    counts = np.zeros(n_codes, np.int64)
    for fill in range(2):  # count, then lay out
        if fill:
            starts = np.zeros(n_codes + 1, np.int64)
            starts[1:] = np.cumsum(counts)
            at = starts[:-1].copy()
            owners = np.empty(starts[-1], np.int64)
            last[:] = -1
        begin = 0
        for document in range(len(ends)):
            for p in range(begin, ends[document] - 1):
                code = 0
                for q in range(min(size, ends[document] - 1 - p)):
                    if ids[p + q] == 0:
                        break
                    code = code * base + ids[p + q]
                    if last[code] != document:
                        last[code] = document
                        if fill:
                            owners[at[code]] = document
                            at[code] += 1
                        else:
                            counts[code] += 1
            begin = ends[document]
    found = np.flatnonzero(counts)
    return found, owners, starts[found], starts[found + 1]


@njit(cache=True)
def _bits_of(owners, first, last, n_documents):
    """One row of bytes per gram, bit n of a row set when document n holds the gram (little-endian, as
    `typos.bitset` makes its integers)."""
    bits = np.zeros((len(first), (n_documents + 7) // 8), np.uint8)
    for g in range(len(first)):
        for n in range(first[g], last[g]):
            bits[g, owners[n] >> 3] |= np.uint8(1 << (owners[n] & 7))
    return bits
