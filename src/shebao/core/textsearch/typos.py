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

from shebao.core.textsearch.grams import gram_bitsets

GRAM_SIZES = (1, 2, 3)


def ascii_bytes(text: str) -> bytes:
    """`text` as bytes, a character that is not ASCII as the byte 1: no letter typed matches it, as none
    would match the character, and offsets and lengths stay those of the text."""
    if text.isascii():
        return text.encode()
    return "".join(ch if ch.isascii() else "\x01" for ch in text).encode()


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


def typo_distances(pattern: AnyStr, texts: list[AnyStr], limit: int) -> list[int]:
    """`typo_distance` of each of `texts`, all at once: the same columns, one NumPy operation for every
    text (the pattern's bits in 64-bit integers). Under 32 texts, one at a time costs less.

    Texts shorter than the longest are padded with code 0, which is in no pattern: a column of a
    character the pattern lacks never lowers the last row of the table (each cell is at least the one
    to its left, by induction down the rows), so the padding cannot change a text's best score."""
    if len(texts) < 32 or not 0 < len(pattern) < 64:
        return [typo_distance(pattern, text, limit) for text in texts]
    array = np.array(texts)
    codes = array.view(np.uint8 if array.dtype.kind == "S" else np.uint32).reshape(len(texts), -1).T
    mask, top = np.uint64((1 << len(pattern)) - 1), np.uint64(len(pattern) - 1)
    equal = np.zeros(codes.shape, np.uint64)  # a row per column of the table: contiguous
    for i, ch in enumerate(pattern):  # a str gives characters, bytes give numbers
        equal[codes == (ch if isinstance(ch, int) else ord(ch))] |= np.uint64(1 << i)
    plus, minus = np.full(len(texts), mask, np.uint64), np.zeros(len(texts), np.uint64)
    score = np.full(len(texts), len(pattern), np.uint64)  # never below 0: unsigned is safe
    best = score.copy()
    one = np.uint64(1)
    for eq in equal:
        xv = eq | minus
        xh = (((eq & plus) + plus) ^ plus) | eq
        hplus = (minus | ~(xh | plus)) & mask
        hminus = plus & xh
        score += hplus >> top  # the last row's change: +1, -1 or 0
        score -= hminus >> top
        np.minimum(best, score, out=best)
        # No mask after the shifts: the bit shifted out of the pattern's width is masked off below.
        hplus, hminus = hplus << one, hminus << one
        plus = (hminus | ~(xv | hplus)) & mask
        minus = hplus & xv
    return np.minimum(best, limit + 1).astype(np.int64).tolist()


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
    """Texts, each owned by one or more owners (items, words), and for each q-gram (a substring of q
    characters) the owners with a text holding it, as one integer with a bit per owner, so filtering
    thousands of owners takes a few dozen integer operations.

    Owners are numbered in the order they first come in `owned`: given the best owners first, `nearest`
    can stop once it has the best `k` (a common word mistyped is near thousands of texts at 15,500
    documents). The filter is an owner's, not a text's (grams of two of its texts may meet), which lets
    through a few more owners to measure but keeps an integer of 15,500 bits per gram, not 180,000."""

    # Owners measured first; each chunk after is twice the one before. A chunk costs about 0.2 ms whatever
    # its size (a few NumPy operations per column of the table) plus about 1 µs a window: 128 owners (a
    # few hundred windows) balance the two, so a query near a hundred documents is measured in one go.
    CHUNK = 128

    def __init__(self, owned: Iterable[tuple[str, Hashable]], grams: dict[str, int] | None = None) -> None:
        """`owned`: (text, owner) pairs, the best owners first. `grams`: the filter, when the caller has
        one: for each substring of 1 to 3 characters, the owners (numbered as they come) holding it in
        a text, as bits; more owners do no harm (a few more measured), fewer would lose matches."""
        texts_of: dict[Hashable, dict[str, None]] = {}
        for text, owner in owned:
            texts_of.setdefault(owner, {})[text] = None
        self.owners = list(texts_of)
        text_numbers: dict[str, int] = {}
        rows: list[int] = []  # the texts of owner o are rows first[o] to first[o + 1]
        for texts in texts_of.values():
            rows.extend(text_numbers.setdefault(text, len(text_numbers)) for text in texts)
        self.texts = list(text_numbers)
        self.text = np.array(rows, dtype=np.int64)
        self.first = np.concatenate(([0], np.cumsum([len(t) for t in texts_of.values()], dtype=np.int64)))
        # Bytes when every text is ASCII (pinyin, spellings): a quarter of the memory of `str_`.
        self.ascii = all(text.isascii() for text in self.texts)
        values = [self._typed(text) for text in self.texts] or [self._typed("")]
        self.array = np.array(values)[: len(self.texts)]
        self.grams = (
            grams if grams is not None else gram_bitsets([list(t) for t in texts_of.values()], GRAM_SIZES[-1])
        )

    def candidates(self, pattern: str, limit: int) -> np.ndarray:
        """The owners (by number, ascending) that may have a text holding `pattern` with at most `limit`
        edits; every owner that does is among them, as it meets both necessary conditions below."""
        found = self._sharing_grams(pattern, limit) & self._holding_a_piece(pattern, limit)
        return bit_numbers(found, len(self.owners))

    def _sharing_grams(self, pattern: str, limit: int) -> int:
        """The owners whose texts hold enough of the pattern's q-grams.

        Why a text within reach is never left out (the q-gram lemma, Ukkonen 1992): `pattern` has
        len-q+1 q-grams, one starting at each position. Turning it into a substring of the text with
        `limit` edits, an edit changes at most q of them (a substitution or deletion of one character,
        the q that cover it; an insertion, the q-1 that span it), so at least len-q+1-limit*q positions
        keep their q-gram, and that q-gram occurs in the text. Each q in GRAM_SIZES gives one such
        condition, and a text within reach meets all of them (its owner too: it holds the text's grams)."""
        found = (1 << len(self.owners)) - 1
        for q in GRAM_SIZES:
            need = len(pattern) - q + 1 - limit * q
            if need < 1:
                continue  # too many edits for grams this long: no condition
            # at_least[n]: the owners holding n or more of the q-gram positions looked at so far. Only
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
        """The owners that may hold one of the pattern's `pieces` unchanged (a text within reach does):
        those holding every q-gram of a piece, which every owner of a text holding the piece does."""
        found = 0
        for _start, piece in pieces(pattern, limit):
            q = min(len(piece), GRAM_SIZES[-1])
            holding = (1 << len(self.owners)) - 1  # every text holds an empty piece
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
        k). Then the owners that may be within reach are measured a chunk at a time, in order (all the
        texts of an owner at once), so every owner not yet measured comes after every one measured and,
        not being within limit-1, is `limit` edits away at best: once those found make k, none still
        unmeasured can come before them."""
        best = np.full(len(self.owners), limit + 1, dtype=np.int64)
        if limit > 0 and k:
            closer, distances = self.nearest(pattern, limit - 1, k, allowed)
            if len(closer) >= k:
                return closer, distances
            best[closer] = distances
        owners = self.candidates(pattern, limit)
        if allowed is not None:
            owners = owners[allowed[owners]]
        measured: dict[str | bytes, int] = {}  # the same stretch of text recurs in many texts
        done, chunk = 0, self.CHUNK if k else max(len(owners), 1)
        while done < len(owners) and not (k and np.count_nonzero(best <= limit) >= k):
            numbers = owners[done : done + chunk]
            rows, counts = spans(self.first, numbers)
            distances = self._measure(pattern, limit, self.text[rows], measured)
            starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
            best[numbers] = np.minimum(best[numbers], np.minimum.reduceat(distances, starts))
            done, chunk = done + chunk, chunk * 2  # few owners first: the best k are often among them
        found = np.flatnonzero(best <= limit)
        found = found[np.lexsort((found, best[found]))][: k or None]
        return found, best[found]

    def _typed(self, text: str) -> str | bytes:
        """`text` as `array` holds texts (see `ascii_bytes`)."""
        return ascii_bytes(text) if self.ascii else text

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
        owners, windows = [], []  # which text each window is cut from, and the window
        for start, piece in pieces(pattern, limit):
            which, at = np.arange(len(numbers)), np.strings.find(texts, piece)
            while len(which := which[at >= 0]):
                at = at[at >= 0]
                stop = at - start + len(pattern) + limit
                owners.append(which)
                windows += np.strings.slice(texts[which], np.maximum(at - start - limit, 0), stop).tolist()
                at = np.strings.find(texts[which], piece, at + 1)
        new = list(set(windows) - measured.keys())  # measured together, each once
        measured.update(zip(new, typo_distances(pattern, new, limit), strict=True))
        best = np.full(len(numbers), limit + 1, dtype=np.int64)
        if windows:
            np.minimum.at(best, np.concatenate(owners), [measured[w] for w in windows])
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


def pieces(pattern: AnyStr, limit: int) -> list[tuple[int, AnyStr]]:
    """`pattern` cut into limit+1 pieces, each with where it starts in the pattern. A substring of a text
    within `limit` edits of the pattern holds one of them unchanged (the pigeonhole principle): an edit
    spoils at most one piece, a substitution or deletion the piece of its character, an insertion at
    most the piece it falls inside."""
    cuts = [len(pattern) * n // (limit + 1) for n in range(limit + 2)]
    return [(start, pattern[start:end]) for start, end in pairwise(cuts)]
