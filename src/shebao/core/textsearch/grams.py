"""Q-gram postings made in one compiled pass (numba): for each substring of 1 to 3 characters of each
document's texts, the documents holding it, as one integer with a bit per document.

Made in Python, a set of substrings per document, the substrings of every title's pinyin (12.7 million
characters at 15,500 documents) were the index build's largest part. Here the texts are joined into one
array of character numbers and a compiled loop numbers each gram (its characters as digits), finds it in
a table, counts each document once per gram (the last document seen per gram) and lays the documents out
per gram. `cache=True` keeps the machine code beside the module (compiled once, about 4 s).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numba import njit

DENSE_TABLE = 1 << 18  # possible grams up to which each has its own place (64 different characters)


SEPARATORS = "\x00\x01\uffff\U0010ffff"  # the first that no text holds ends each text


def gram_bitsets(texts_by_document: Sequence[Sequence[str]], size: int) -> dict[str, int]:
    """{gram: bits of the documents holding it (bit n for document n)} for the substrings of 1 to `size`
    (at most 3) characters of each document's texts; a gram never spans two texts."""
    if not texts_by_document:
        return {}
    between = sum(max(len(texts) - 1, 0) for texts in texts_by_document)  # separators inside documents
    joined, everything, separator = [], "", ""
    for separator in SEPARATORS:
        joined = [separator.join(texts) for texts in texts_by_document]
        everything = separator.join(joined) + separator  # each document followed by the separator too
        if everything.count(separator) == between + len(joined):
            break  # no text holds it
    else:
        raise ValueError("every separator is in some text")  # pragma: no cover - four unlikely characters
    codes = np.frombuffer(everything.encode("utf-32-le"), dtype=np.uint32)
    ids, present = _numbered(codes, ord(separator))
    ends = np.cumsum(np.fromiter((len(j) + 1 for j in joined), np.int64, len(joined)))
    capacity, full = 1 << 14, True
    while full:
        found, owners, first, last, full = _postings(ids, ends, len(present) + 1, size, capacity)
        capacity *= 4
    bits = _bits_of(owners, first, last, len(texts_by_document))
    alphabet = ["", *map(chr, present)]
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
def _postings(ids, ends, base, size, capacity):
    """(the grams found, and for each the documents holding it: owners[first[g]:last[g]]), or nothing
    found and `full` when more than half of a hash table of `capacity` slots would be taken (the caller
    asks again with a larger one: growing the table inside this loop made every step of it slower).

    A gram is numbered by its characters' numbers as digits in `base` (none is 0, the end of a text, so
    grams of different lengths have different numbers); document d is ids[ends[d - 1]:ends[d]], each of
    its texts followed by a 0. Where every possible gram has a place in a small table (few different
    characters: pinyin, initials, English), a gram's place is its number; otherwise a hash table."""
    dense = base**size <= DENSE_TABLE
    slots = np.full(base**size if dense else capacity, -1, np.int64)  # a gram's place in `codes`, or -1
    codes = np.empty(len(slots) if dense else capacity // 2, np.int64)
    last = np.full(len(codes), -1, np.int64)  # the last document counted for each gram
    counts = np.zeros(len(codes), np.int64)
    first = np.zeros(1, np.int64)
    owners = np.zeros(0, np.int64)
    n_grams = 0
    for fill in range(2):  # count, then lay out
        if fill:
            first = np.zeros(n_grams + 1, np.int64)
            first[1:] = np.cumsum(counts[:n_grams])
            owners = np.empty(first[-1], np.int64)
            last[:n_grams] = -1
        at = first[:-1].copy()
        begin = 0
        for document in range(len(ends)):
            for p in range(begin, ends[document]):
                code = 0
                for q in range(min(size, ends[document] - p)):
                    if ids[p + q] == 0:
                        break
                    code = code * base + ids[p + q]
                    slot = code if dense else _slot(slots, codes, code)
                    g = slots[slot]
                    if g < 0:  # a new gram (only while counting: laying out sees the same ones)
                        if n_grams == len(codes):
                            return codes[:0], owners, first[:0], first[:0], True
                        g = n_grams
                        slots[slot], codes[g] = g, code
                        n_grams += 1
                    if last[g] != document:
                        last[g] = document
                        if fill:
                            owners[at[g]] = document
                            at[g] += 1
                        else:
                            counts[g] += 1
            begin = ends[document]
    return codes[:n_grams], owners, first[:-1], first[1:], False


@njit(cache=True)
def _slot(slots, codes, code):
    """Where `code` is in the table, or the free slot where it goes (linear probing)."""
    mask = len(slots) - 1
    # Fibonacci hashing (0x9E3779B97F4A7C15 as a signed integer): neighbouring codes spread out.
    slot = (code * -7046029254386353131 >> 17) & mask
    while slots[slot] >= 0 and codes[slots[slot]] != code:
        slot = (slot + 1) & mask
    return slot


@njit(cache=True)
def _numbered(codes, separator):
    """(each character as its number among the different ones, from 1 in code order, the separator 0;
    the characters' codes in that order)."""
    # 4-byte numbers (no text has 2 billion different characters): half the memory to clear and read of
    # 8-byte ones, which at 8 million characters of pinyin was a tenth of the build's postings.
    number = np.zeros(0x110000, np.int32)
    for code in codes:
        number[code] = 1
    number[separator] = 0
    present = np.flatnonzero(number)
    number[present] = np.arange(1, len(present) + 1)
    ids = np.empty(len(codes), np.int32)
    for at in range(len(codes)):
        ids[at] = number[codes[at]]
    return ids, present


@njit(cache=True)
def _bits_of(owners, first, last, n_documents):
    """One row of bytes per gram, bit n of a row set when document n holds the gram (little-endian, as
    `typos.bitset` makes its integers)."""
    bits = np.zeros((len(first), (n_documents + 7) // 8), np.uint8)
    for g in range(len(first)):
        for n in range(first[g], last[g]):
            bits[g, owners[n] >> 3] |= np.uint8(1 << (owners[n] & 7))
    return bits
