"""Small typos in a catalogue query (no database): how far a query is from the best-matching part of a
text, and an index that finds, among thousands of texts, the few that could be that close.

Typos are the search's last resort, tried when nothing else matched; measuring every form of every item
(thousands of texts) set the search's slow tail, so `TypoIndex` measures only the texts that pass a
lossless q-gram filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise

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


def typo_distance(pattern: str, text: str, limit: int) -> int:
    """Smallest edit distance between `pattern` and any substring of `text`, or limit+1 when larger.

    Myers' bit-parallel algorithm (1999) in its search form (a match may start anywhere in `text`): one
    column of the edit-distance table is a pair of integers, so a column costs a few integer operations
    instead of a Python loop over the pattern. `sellers_distance` is the plain table it must agree with."""
    if not pattern:
        return 0
    mask = (1 << len(pattern)) - 1
    high = 1 << (len(pattern) - 1)
    equal: dict[str, int] = {}
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
    """Texts, each owned by one or more items, indexed by their q-grams (the substrings of q characters).

    For each q-gram, the texts that contain it are one integer, bit i standing for text i, so filtering
    thousands of texts takes a few dozen integer operations."""

    def __init__(self, owned: Iterable[tuple[str, str]]) -> None:
        """`owned`: (text, code of the item it belongs to) pairs."""
        owners: dict[str, set[str]] = {}
        for text, code in owned:
            owners.setdefault(text, set()).add(code)
        self.texts = sorted(owners)
        self.owners = [sorted(owners[t]) for t in self.texts]
        holders: dict[str, list[int]] = {}
        for i, text in enumerate(self.texts):
            for gram in {text[at : at + q] for q in GRAM_SIZES for at in range(len(text) - q + 1)}:
                holders.setdefault(gram, []).append(i)
        self.grams: dict[str, int] = {gram: bitset(texts) for gram, texts in holders.items()}

    def candidates(self, pattern: str, limit: int) -> Iterator[int]:
        """The texts (by number) that may hold `pattern` with at most `limit` edits; every text that does
        is among them, as it meets both necessary conditions below."""
        found = self._sharing_grams(pattern, limit) & self._holding_a_piece(pattern, limit)
        while found:
            lowest = found & -found
            yield lowest.bit_length() - 1
            found ^= lowest

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
            # at_least[n]: the texts holding n or more of the q-gram positions looked at so far.
            at_least = [found] + [0] * need
            for at in range(len(pattern) - q + 1):
                holding = self.grams.get(pattern[at : at + q], 0)
                for n in range(need, 0, -1):
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

    def distances(self, pattern: str, limit: int) -> dict[str, int]:
        """Item code → the smallest typo distance of its texts to `pattern`, for items within `limit`."""
        cut = pieces(pattern, limit)
        measured: dict[str, int] = {}  # the same stretch of text recurs in many texts
        best: dict[str, int] = {}
        for i in self.candidates(pattern, limit):
            distance = limit + 1
            for window in windows(pattern, cut, self.texts[i], limit):
                if window not in measured:
                    measured[window] = typo_distance(pattern, window, limit)
                distance = min(distance, measured[window])
            if distance <= limit:
                for code in self.owners[i]:
                    best[code] = min(best.get(code, distance), distance)
        return best


def pieces(pattern: str, limit: int) -> list[tuple[int, str]]:
    """`pattern` cut into limit+1 pieces, each with where it starts in the pattern. A substring of a text
    within `limit` edits of the pattern holds one of them unchanged (the pigeonhole principle): an edit
    spoils at most one piece, a substitution or deletion the piece of its character, an insertion at
    most the piece it falls inside."""
    cuts = [len(pattern) * n // (limit + 1) for n in range(limit + 2)]
    return [(start, pattern[start:end]) for start, end in pairwise(cuts)]


def windows(pattern: str, cut: list[tuple[int, str]], text: str, limit: int) -> Iterator[str]:
    """The stretches of `text` that hold every substring within `limit` edits of `pattern`, so measuring
    them gives the same distance as measuring the whole text (when within the limit).

    Why: such a substring holds a piece of the `cut` unchanged. If that piece starts `start` characters
    into the pattern and at `at` in the text, the `start` characters before it match at most start+limit
    characters of the text, and so on the other side: the substring lies within
    text[at-start-limit : at-start+len(pattern)+limit]."""
    for start, piece in cut:
        at = text.find(piece)
        while at != -1:
            yield text[max(0, at - start - limit) : at - start + len(pattern) + limit]
            at = text.find(piece, at + 1)
