"""Small typos in a catalogue query (no database): how far a query is from the best-matching part of a
text, and an index that finds, among thousands of texts, the few that could be that close.

Typos are the search's last resort, tried when nothing else matched; measuring every form of every item
(thousands of texts) set the search's slow tail, so `TypoIndex` measures only the texts that pass a
lossless q-gram filter.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from itertools import pairwise
from typing import Any, AnyStr

import numpy as np

GRAM_SIZES = (1, 2, 3)


def bitset(numbers: list[int]) -> int:
    """One integer with the bits of `numbers` set, built in a byte array (OR-ing one bit at a time
    into a growing integer would copy it every time: quadratic in the number of texts)."""
    bits = bytearray(max(numbers, default=-1) // 8 + 1)
    for n in numbers:
        bits[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(bits, "little")  # each size is a filter of its own; a text must pass all of them


def typo_limit(query: str) -> int:
    """How many edits a query may be off by: none when short, then one, then two."""
    if query.isascii():
        return 0 if len(query) < 5 else 1 if len(query) < 9 else 2
    return 0 if len(query) < 3 else 1 if len(query) < 6 else 2


def typo_distance(pattern: AnyStr, text: AnyStr, limit: int) -> int:
    """Smallest edit distance between `pattern` and any substring of `text`, or limit+1 when larger.

    Myers' bit-parallel algorithm (1999) in its search form (a match may start anywhere in `text`): one
    column of the edit-distance table is a pair of integers, so a column costs a few integer operations
    instead of a Python loop over the pattern. `sellers_distance` is the plain table it must agree with."""
    if not pattern:
        return 0
    mask = (1 << len(pattern)) - 1
    high = 1 << (len(pattern) - 1)
    equal: dict[str | int, int] = {}
    for i, ch in enumerate(pattern):
        equal[ch] = equal.get(ch, 0) | (1 << i)
    plus, minus, score = mask, 0, len(pattern)  # vertical deltas of the first column: all +1
    best = score
    for ch in text:
        eq = equal.get(ch, 0)
        xv = eq | minus
        xh = (((eq & plus) + plus) ^ plus) | eq
        hplus = (minus | ~(xh | plus)) & mask
        hminus = plus & xh
        if hplus & high:
            score += 1
        elif hminus & high:
            score -= 1
            best = min(best, score)  # only a falling score can set a new best
        hplus, hminus = (hplus << 1) & mask, (hminus << 1) & mask  # row 0 stays 0: free start
        plus = (hminus | ~(xv | hplus)) & mask
        minus = hplus & xv
    return min(best, limit + 1)


def sellers_distance(pattern: str, text: str, limit: int) -> int:
    """The same as `typo_distance`, by the plain dynamic-programming table (Sellers 1980)."""
    if not pattern:
        return 0
    previous = [0] * (len(text) + 1)  # a match may start anywhere in text
    for i, pc in enumerate(pattern, 1):
        current = [i] + [0] * len(text)
        for j, tc in enumerate(text, 1):
            current[j] = min(previous[j - 1] + (pc != tc), previous[j] + 1, current[j - 1] + 1)
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous)


class TypoIndex:
    """Texts, each owned by one or more owners (items, words), indexed by their q-grams (the substrings
    of q characters).

    For each q-gram, the texts that contain it are one integer, bit i standing for text i, so filtering
    thousands of texts takes a few dozen integer operations. Owners are numbered in the order they first
    come in `owned`, and texts by their first owner: given the best owners first, `nearest` can stop
    once it has the best `k` (a common word mistyped is near thousands of texts at 15,500 documents)."""

    CHUNK = 512  # texts measured at once

    def __init__(self, owned: Iterable[tuple[str, Hashable]]) -> None:
        """`owned`: (text, owner) pairs, the best owners first."""
        owner_numbers: dict[Hashable, int] = {}
        owners_of: dict[str, list[int]] = {}
        for text, owner in owned:
            number = owner_numbers.setdefault(owner, len(owner_numbers))
            held = owners_of.setdefault(text, [])
            if number not in held:
                held.append(number)
        self.owners = list(owner_numbers)
        self.texts = list(owners_of)
        # Bytes when every text is ASCII (pinyin, spellings): a quarter of the memory of `str_`.
        self.ascii = all(text.isascii() for text in self.texts)
        values = [self._typed(text) for text in self.texts] or [self._typed("")]
        self.array = np.array(values)[: len(self.texts)]
        # The owners of text i are owner[first[i]:first[i + 1]], the lowest first.
        self.owner = np.array([n for held in owners_of.values() for n in sorted(held)], dtype=np.int64)
        counts = [len(held) for held in owners_of.values()]
        self.first = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)))
        holders: dict[str, list[int]] = {}
        for i, text in enumerate(self.texts):
            for gram in {text[at : at + q] for q in GRAM_SIZES for at in range(len(text) - q + 1)}:
                holders.setdefault(gram, []).append(i)
        self.grams: dict[str, int] = {gram: bitset(texts) for gram, texts in holders.items()}

    def candidates(self, pattern: str, limit: int) -> np.ndarray:
        """The texts (by number, ascending) that may hold `pattern` with at most `limit` edits; every text
        that does is among them, as it meets both necessary conditions below."""
        found = self._sharing_grams(pattern, limit) & self._holding_a_piece(pattern, limit)
        return bit_numbers(found, len(self.texts))

    def _sharing_grams(self, pattern: str, limit: int) -> int:
        """The texts in which enough of the pattern's q-grams occur.

        Why a text within reach is never left out (the q-gram lemma, Ukkonen 1992): `pattern` has
        len-q+1 q-grams, one starting at each position. Turning it into a substring of the text with
        `limit` edits, an edit changes at most q of them (a substitution or deletion of one character,
        the q that cover it; an insertion, the q-1 that span it), so at least len-q+1-limit*q positions
        keep their q-gram, and that q-gram occurs in the text. Each q in GRAM_SIZES gives one such
        condition, and a text within reach meets all of them."""
        found = (1 << len(self.texts)) - 1
        for q in GRAM_SIZES:
            need = len(pattern) - q + 1 - limit * q
            if need < 1:
                continue  # too many edits for grams this long: no condition
            # at_least[n]: the texts holding n or more of the q-gram positions looked at so far. Only
            # the counts that can still reach `need` with the positions left are kept up to date.
            positions = len(pattern) - q + 1
            at_least = [found] + [0] * need
            for at in range(positions):
                holding = self.grams.get(pattern[at : at + q], 0)
                for n in range(min(need, at + 1), max(0, need - (positions - 1 - at) - 1), -1):
                    at_least[n] |= at_least[n - 1] & holding
            found = at_least[need]
        return found

    def _holding_a_piece(self, pattern: str, limit: int) -> int:
        """The texts that may hold one of the pattern's `pieces` unchanged (a text within reach does):
        those holding every q-gram of a piece, which every text holding the piece does."""
        found = 0
        for _start, piece in pieces(pattern, limit):
            q = min(len(piece), GRAM_SIZES[-1])
            holding = (1 << len(self.texts)) - 1  # every text holds an empty piece
            for at in range(len(piece) - q + 1) if piece else ():
                holding &= self.grams.get(piece[at : at + q], 0)
            found |= holding
        return found

    def distances(self, pattern: str, limit: int) -> dict[Hashable, int]:
        """Owner → the smallest typo distance of its texts to `pattern`, for every owner within `limit`."""
        owners, distances = self.nearest(pattern, limit)
        return {self.owners[o]: int(d) for o, d in zip(owners, distances, strict=True)}

    def nearest(
        self, pattern: str, limit: int, k: int = 0, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(owner numbers, distances) of the best `k` owners within `limit` edits of `pattern`, by distance
        then owner number (k=0: all of them), among the `allowed` owners (a mask; None: all).

        Why it may stop early: the owners within limit-1 are found first (all of them, when fewer than
        k). Then the texts within reach are measured a chunk at a time, in order; once the next text's
        first owner is b, every owner below b has had all its texts measured, and every owner from b on
        not already found is `limit` edits away at best. So when the owners found so far below b and
        those within limit-1 make k, none still unmeasured can come before them."""
        best = np.full(len(self.owners), limit + 1, dtype=np.int64)
        closer = np.zeros(0, np.int64)
        if limit > 0 and k:
            closer, distances = self.nearest(pattern, limit - 1, k, allowed)
            if len(closer) >= k:
                return closer, distances
            best[closer] = distances
        texts = self.candidates(pattern, limit)
        chunk = self.CHUNK if k else max(len(texts), 1)
        measured: dict[str | bytes, int] = {}  # the same stretch of text recurs in many texts
        below = len(self.owners)  # the owners whose every text is measured
        for done in range(0, len(texts), chunk):
            numbers = texts[done : done + chunk]
            rows, counts = spans(self.first, numbers)
            distances = np.repeat(self._measure(pattern, limit, numbers, measured), counts)
            np.minimum.at(best, self.owner[rows], distances)
            if k and done + chunk < len(texts):
                below = self.owner[self.first[texts[done + chunk]]]
                if len(np.union1d(_within(best[:below], limit, allowed), closer)) >= k:
                    break
                below = len(self.owners)
        owners = np.union1d(_within(best[:below], limit, allowed), closer)
        owners = owners[np.lexsort((owners, best[owners]))][: k or None]
        return owners, best[owners]

    def _typed(self, text: str) -> str | bytes:
        """`text` as `array` holds texts; in bytes, a character that is not ASCII becomes the byte 1, which
        no text holds, so it matches nothing, as the character would not."""
        return "".join(ch if ch.isascii() else "\x01" for ch in text).encode() if self.ascii else text

    def _measure(
        self, text: str, limit: int, numbers: np.ndarray, measured: dict[str | bytes, int]
    ) -> np.ndarray:
        """The typo distance of each text (limit+1 when farther), all the texts at once: the smallest
        distance of the windows around every place a piece of the pattern occurs in it.

        Why measuring the windows gives the text's distance (when within the limit): a substring of
        the text within `limit` edits of the pattern holds a piece of the `pieces` unchanged. If that
        piece starts `start` characters into the pattern and at `at` in the text, the `start` characters
        before it match at most start+limit characters of the text, and so on the other side: the
        substring lies within text[at-start-limit : at-start+len(pattern)+limit]."""
        texts = self.array[numbers]
        pattern: Any = self._typed(text)  # str or bytes, as the windows cut from `texts` are
        best = np.full(len(numbers), limit + 1, dtype=np.int64)
        for start, piece in pieces(pattern, limit):
            which, at = np.arange(len(numbers)), np.strings.find(texts, piece)
            while len(which := which[at >= 0]):
                at = at[at >= 0]
                stop = at - start + len(pattern) + limit
                windows = np.strings.slice(texts[which], np.maximum(at - start - limit, 0), stop).tolist()
                for window in set(windows) - measured.keys():
                    measured[window] = typo_distance(pattern, window, limit)
                np.minimum.at(best, which, [measured[w] for w in windows])
                at = np.strings.find(texts[which], piece, at + 1)
        return best


def bit_numbers(bits: int, size: int) -> np.ndarray:
    """The positions of the set bits below `size`, lowest first."""
    bits &= (1 << size) - 1
    packed = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    held = np.flatnonzero(packed)  # only the bytes with a bit set are unpacked: most sets are sparse
    unpacked = np.unpackbits(packed[held, np.newaxis], axis=1, bitorder="little")
    at, bit = np.nonzero(unpacked)
    return held[at] * 8 + bit


def spans(first: np.ndarray, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows first[n] to first[n+1] of each of `numbers`, one after the other, and how many each."""
    counts = first[numbers + 1] - first[numbers]
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return np.arange(counts.sum()) - np.repeat(starts - first[numbers], counts), counts


def _within(best: np.ndarray, limit: int, allowed: np.ndarray | None) -> np.ndarray:
    within = best <= limit
    if allowed is not None:
        within &= allowed[: len(best)]
    return np.flatnonzero(within)


def pieces(pattern: AnyStr, limit: int) -> list[tuple[int, AnyStr]]:
    """`pattern` cut into limit+1 pieces, each with where it starts in the pattern. A substring of a text
    within `limit` edits of the pattern holds one of them unchanged (the pigeonhole principle): an edit
    spoils at most one piece, a substitution or deletion the piece of its character, an insertion at
    most the piece it falls inside."""
    cuts = [len(pattern) * n // (limit + 1) for n in range(limit + 2)]
    return [(start, pattern[start:end]) for start, end in pairwise(cuts)]
