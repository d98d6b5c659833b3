"""The scores of `SearchIndex._score`, computed for many documents at once with NumPy (no database).

A common word ("退休", "tx") is in thousands of documents at 15,500; scoring them one form at a time in
Python cost 10-30 ms a query. Here every form of every document is a row of a few arrays (its text,
pinyin and initials as fixed-width strings, their lengths, its factor), and a query's candidates are scored
by a handful of array operations (`np.strings.find` and friends, in C). The rules are `_score`'s, in its
order: `test_search_finds_what_citizens_type` checks that both rank every query the same.

Most queries need not score every candidate: a title or alias that is the query, starts with it, or a
curated keyword that is it, scores above anything else can (`Vectors.first_tier`); when enough documents
score that way, the rest are never looked at.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from shebao.core.textsearch.typos import ascii_bytes, spans

if TYPE_CHECKING:
    from shebao.core.textsearch.index import _Entry

# Past the last character any text holds: `q` to `q + AFTER` spans the texts that start with q.
AFTER = "\U0010ffff"


def _strings(values: Sequence[str]) -> np.ndarray:
    return np.array(values, dtype=np.str_) if values else np.array([""], dtype=np.str_)[:0]


def _letters(values: Sequence[str]) -> np.ndarray:
    """Pinyin as bytes (`ascii_bytes`: pypinyin keeps a character it cannot read as it is)."""
    if "".join(values).isascii():  # NumPy encodes them itself, in one C loop
        return np.array(values or [""], dtype=np.bytes_)[: len(values)]
    return np.array([ascii_bytes(v) for v in values] or [b""])[: len(values)]


def _lengths(values: np.ndarray) -> np.ndarray:
    return np.strings.str_len(values).astype(np.int64)


class _Sorted:
    """Texts with their order, to find those equal to or starting with a query by binary search
    (`sorter`: no sorted copy of the texts is kept)."""

    def __init__(self, texts: np.ndarray) -> None:
        self.texts = texts
        self.rows = np.argsort(texts, kind="stable")

    def starting_with(self, q: str | bytes) -> np.ndarray:
        after = q + (b"\xff" if isinstance(q, bytes) else AFTER)  # type: ignore[operator]
        lo, hi = np.searchsorted(self.texts, [q, after], sorter=self.rows)
        return self.rows[lo:hi]

    def equal_to(self, q: str | bytes) -> np.ndarray:
        lo = np.searchsorted(self.texts, q, side="left", sorter=self.rows)
        hi = np.searchsorted(self.texts, q, side="right", sorter=self.rows)
        return self.rows[lo:hi]


class Vectors:
    """Every form of every entry as arrays, forms of one entry next to each other, entries in order."""

    def __init__(self, entries: Sequence[_Entry], characters: Callable[[str], np.ndarray]) -> None:
        """`characters(text)`: the entries (ascending) that may hold every character of `text` in their
        forms (never leaving out one that does)."""
        self.characters = characters
        forms = [form for entry in entries for form in entry.forms]
        counts = np.fromiter((len(entry.forms) for entry in entries), np.int64, len(entries))
        self.doc = np.repeat(np.arange(len(entries)), counts)
        # Entry i's forms are rows first[i] to first[i+1].
        self.first = np.searchsorted(self.doc, np.arange(len(entries) + 1))
        self.factor = np.array([form.factor for form in forms], dtype=np.float64)
        self.text = _strings([form.text for form in forms])
        # Pinyin and initials as bytes: a quarter of the memory to copy as `str_` (UCS-4) would take.
        self.pinyin = _letters([form.pinyin for form in forms])
        self.initials = _letters([form.initials for form in forms])
        self.text_len, self.pinyin_len = _lengths(self.text), _lengths(self.pinyin)
        self.initials_len = _lengths(self.initials)
        # Where a syllable starts in a form's pinyin, as row * SHIFT + offset, sorted.
        self.shift = int(self.pinyin_len.max(initial=0)) + 1
        marked = np.frombuffer("".join(form.marks for form in forms).encode("ascii"), np.uint8)
        at = np.flatnonzero(marked == ord("1"))  # in all the forms' pinyin one after the other
        row_start = np.cumsum(self.pinyin_len) - self.pinyin_len
        rows = np.searchsorted(row_start, at, side="right") - 1
        self.syllable_starts = rows * self.shift + (at - row_start[rows])  # ascending: rows, then places
        self.by_text, self.by_pinyin, self.by_initials = (
            _Sorted(self.text),
            _Sorted(self.pinyin),
            _Sorted(self.initials),
        )
        # What belongs to an entry rather than a form.
        self.keywords = _strings([e.keywords for e in entries])
        self.keywords_pinyin = _strings([e.keywords_pinyin for e in entries])
        self.english = _strings([e.english for e in entries])
        self.keyword = _holders((w, n) for n, e in enumerate(entries) for w in e.keyword_set)
        self.keyword_alias = _holders((w, n) for n, e in enumerate(entries) for w in e.keyword_aliases)
        self.keyword_pinyin = _holders((p, n) for n, e in enumerate(entries) for p in e.keyword_pinyins)
        # (the name's pinyin, the aliases' pinyin one after the other) of each entry, for homophones
        self.sounds = [(e.forms[0].pinyin, "|".join(f.pinyin for f in e.forms[1:])) for e in entries]
        self.name_pinyin = _letters([name for name, _aliases in self.sounds])
        self.alias_sounds = _letters([aliases for _name, aliases in self.sounds])
        self.alias_factor = np.array([e.forms[1].factor if len(e.forms) > 1 else 0.0 for e in entries])
        names = [e.forms[0].text for e in entries]
        self.name_len = np.array([len(n) for n in names], dtype=np.int64)
        self.name_and_keywords = _strings([n + " " + e.keywords for n, e in zip(names, entries, strict=True)])

    def first_tier(self, q: str) -> np.ndarray:
        """The entries with a form that is `q` or starts with it, or a curated keyword that is `q` (or its
        pinyin). The least such a match scores, an alias starting with the query and 50 characters
        longer, is (900 - 50) × 0.96 = 816 typed in characters, (860 - 50) × 0.96 = 777.6 in letters;
        the most any other match scores is 799 (a form holding the query further in) and 759 (pinyin
        from a syllable start): no entry outside the first tier can come before one in it."""
        if q.isascii():
            letters = q.encode()
            rows = np.concatenate((self.by_pinyin.starting_with(letters), self.by_initials.equal_to(letters)))
            docs = [self.doc[rows], self.keyword_pinyin.get(q, _NONE)]
        else:
            rows = self.by_text.starting_with(q)
            docs = [self.doc[rows], self.keyword.get(q, _NONE), self.keyword_alias.get(q, _NONE)]
        return np.unique(np.concatenate(docs))

    def score(self, q: str, sound: str, english: tuple[str, ...], docs: np.ndarray, limit: int = 0) -> Scored:
        """`SearchIndex._score` of each of `docs` (ascending entry numbers). With a `limit`, a score that
        cannot be among the best `limit` may be left at 0 (see `_chinese`)."""
        if not len(docs):
            return Scored(_NONE, np.zeros(0), _NONE, _NONE, [], np.zeros(0))
        rows, forms, how, starts, extras = self._parts(q, sound, english, docs, limit)
        best = functools.reduce(
            np.maximum, [extra for _label, extra in extras], np.maximum.reduceat(forms, starts)
        )
        return Scored(rows, forms, how, starts, extras, best)

    def matched(self, scored: Scored, positions: Iterable[int]) -> list[str]:
        """`SearchIndex._score(...)[1]` of the docs at `positions` of a `score`: which part scored best,
        the first of equals (a form before a later one, a form before the English title, before a
        keyword). Parts a `limit` left out score below the doc's best, so they change nothing."""
        labels = []
        ends = np.append(scored.starts[1:], len(scored.forms))
        for n in positions:
            start = scored.starts[n]
            row = start + int(np.argmax(scored.forms[start : ends[n]]))  # the first of the best
            top = scored.forms[row]
            label = HOW[scored.how[row]] if top > 0 else ""
            if label == "name" and self.factor[scored.rows[row]] < 1:
                label = "alias"
            for name, extra in scored.extras:
                if extra[n] > top:
                    label, top = name, extra[n]
            labels.append(label)
        return labels

    def _parts(
        self, q: str, sound: str, english: tuple[str, ...], docs: np.ndarray, limit: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[tuple[str, np.ndarray]]]:
        """(the docs' form rows, each form's score with its factor, how it matched (an index of HOW),
        where each doc's forms start, [(label, each doc's score) of its other parts, in `_score`'s order])."""
        rows, counts = spans(self.first, docs)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        if q.isascii():
            score, how = self._latin(q, rows)
            extras = [("english", self._english(english, docs)), ("keyword", self._keyword_pinyin(q, docs))]
            return rows, score * self.factor[rows], how, starts, extras
        score, how, extras = self._chinese(q, sound, docs, rows, starts, limit)
        return rows, score * self.factor[rows], how, starts, extras

    def _chinese(
        self, q: str, sound: str, docs: np.ndarray, rows: np.ndarray, starts: np.ndarray, limit: int
    ) -> tuple[np.ndarray, np.ndarray, list[tuple[str, np.ndarray]]]:
        """(each form's score, how it matched, the docs' other parts as in `_parts`): a form that is the
        query, starts with it or holds it (1000, 900, 800 less the extra length), a curated keyword that
        is it (920) or a synonym of one (910); below those, which every score above beats (the least,
        720, an alias 50 characters longer holding the query), a keyword holding it (600), a form holding
        its characters in order (550) or a homophone (`_homophones`), not looked for when `limit`
        documents already score above."""
        text, length = self.text[rows], self.text_len[rows]
        at = np.strings.find(text, q)
        longer = np.minimum(length - len(q), 50)
        score = _first(
            [(at == 0) & (length == len(q)), at == 0, at > 0],
            [1000.0, 900.0 - longer, 800.0 - longer],
            0.0,
        )
        how = np.zeros(len(rows), dtype=np.int64)  # HOW[0]: the name
        keyword = _first(
            [_among(docs, self.keyword.get(q, _NONE)), _among(docs, self.keyword_alias.get(q, _NONE))],
            [920.0, 910.0],
            0.0,
        )
        if limit and np.count_nonzero(np.maximum.reduceat(score, starts) + keyword) >= limit:
            return score, how, [("keyword", keyword)]
        if len(q) >= 3:  # its characters in order, others between
            # Only docs holding every character can hold them in order.
            holding = np.isin(docs, self.characters(q))
            unmatched = (score == 0) & np.repeat(holding, np.diff(np.append(starts, len(rows))))
            rest = np.flatnonzero(unmatched)
            rest = rest[_in_order(q, text[rest])]
            score[rest] = 550.0 - longer[rest]
        keywords = self.keywords[docs]
        in_keywords = np.where((keywords != "") & (np.strings.find(keywords, q) >= 0), 600.0, 0.0)
        return (
            score,
            how,
            [("pinyin", self._homophones(q, sound, docs)), ("keyword", np.maximum(keyword, in_keywords))],
        )

    def _homophones(self, q: str, sound: str, docs: np.ndarray) -> np.ndarray:
        """A form whose pinyin holds the query's (450 times the form's factor: 退修 for 退休), for each
        doc at once: below every other way a form matches (480 at the least), so it counts only where
        none did, and a doc's name and aliases can be looked at as one text each."""
        if len(q) < 2:
            return np.zeros(len(docs))
        if not sound.isascii():  # a character pypinyin kept as it is
            name = np.array([sound in self.sounds[d][0] for d in docs], dtype=bool)
            alias = np.array([sound in self.sounds[d][1] for d in docs], dtype=bool)
        else:
            name = np.strings.find(self.name_pinyin[docs], sound.encode()) >= 0
            alias = np.strings.find(self.alias_sounds[docs], sound.encode()) >= 0
        return np.where(name, 450.0, np.where(alias, 450.0 * self.alias_factor[docs], 0.0))

    def _latin(self, text: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(each form's score, how it matched) for a query typed in letters: its full pinyin (1000), its
        initials (880), the start of its pinyin (860), from a syllable on (760), the start of its
        initials (740) or further in (640), each less the extra length."""
        q = text.encode()
        p_len, i_len = self.pinyin_len[rows], self.initials_len[rows]
        if len(q) >= 3:
            pinyin = self.pinyin[rows]
            at = np.strings.find(pinyin, q)
            at_a_syllable = self._at_a_syllable(q, rows, pinyin, at)
        else:  # only the start of the pinyin counts: the rows that start so, by binary search
            at = np.where(_among(rows, self.by_pinyin.starting_with(q)), 0, -1)
            at_a_syllable = np.zeros(len(rows), bool)
        i_at = np.strings.find(self.initials[rows], q) if len(q) >= 2 else np.full(len(rows), -1)
        conditions = [
            (at == 0) & (p_len == len(q)),
            (i_at == 0) & (i_len == len(q)),
            at == 0,
            at_a_syllable,
            i_at == 0,
            i_at > 0,
        ]
        p_longer, i_longer = np.minimum(p_len - len(q), 50), np.minimum(i_len - len(q), 40)
        values = [1000.0, 880.0, 860.0 - p_longer, 760.0 - p_longer, 740.0 - i_longer, 640.0 - i_longer]
        pinyin_how, initials_how = HOW.index("pinyin"), HOW.index("initials")
        hows = [pinyin_how, initials_how, pinyin_how, pinyin_how, initials_how, initials_how]
        return _first(conditions, values, 0.0), _first(conditions, hows, 0)

    def _at_a_syllable(self, q: bytes, rows: np.ndarray, pinyin: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Whether `q` occurs in the row's pinyin where a syllable starts (any occurrence, not only the
        first: "x" of "tuixiu" is not at one, the second is)."""
        found = np.zeros(len(rows), bool)
        looking = np.flatnonzero(at >= 0)
        positions = at[looking]
        while len(looking):
            codes = rows[looking] * self.shift + positions
            place = np.searchsorted(self.syllable_starts, codes)
            place = np.minimum(place, len(self.syllable_starts) - 1)
            hit = self.syllable_starts[place] == codes
            found[looking[hit]] = True
            looking, positions = looking[~hit], positions[~hit]
            positions = np.strings.find(pinyin[looking], q, positions + 1)
            looking, positions = looking[positions >= 0], positions[positions >= 0]
        return found

    def _english(self, english: tuple[str, ...], docs: np.ndarray) -> np.ndarray:
        """An English title holding every word: 700 when it starts with the first, else 620."""
        if not english:
            return np.zeros(len(docs))
        title = self.english[docs]
        holds = title != ""
        for word in english:
            holds &= np.strings.find(title, word) >= 0
        return np.where(holds, np.where(np.strings.startswith(title, english[0]), 700.0, 620.0), 0.0)

    def _keyword_pinyin(self, q: str, docs: np.ndarray) -> np.ndarray:
        """A curated keyword's pinyin that is the query (900) or, four letters or more, holds it (500)."""
        kp = self.keywords_pinyin[docs]
        return _first(
            [
                _among(docs, self.keyword_pinyin.get(q, _NONE)),
                (len(q) >= 4) & (kp != "") & (np.strings.find(kp, q) >= 0),
            ],
            [900.0, 500.0],
            0.0,
        )

    def words(self, words: list[tuple[str, ...]], docs: np.ndarray) -> np.ndarray:
        """`SearchIndex._words` of each of `docs`: every word (or a synonym) in the name or keywords."""
        text = self.name_and_keywords[docs]
        holds = np.ones(len(docs), bool)
        for group in words:
            holds &= np.any([np.strings.find(text, w) >= 0 for w in group], axis=0)
        return np.where(holds, 500.0 - np.minimum(self.name_len[docs], 50), 0.0)


_NONE = np.zeros(0, dtype=np.int64)


def _first(conditions: list, values: list, otherwise: float) -> np.ndarray:
    """`np.select` (the value of the first condition that holds), without its checks and copies."""
    found = np.where(conditions[-1], values[-1], otherwise)
    for condition, value in zip(conditions[-2::-1], values[-2::-1], strict=True):
        found = np.where(condition, value, found)
    return found


def _among(numbers: np.ndarray, held: np.ndarray) -> np.ndarray:
    """`np.isin`, at once when nothing is held (most queries are no curated keyword)."""
    return np.isin(numbers, held) if len(held) else np.zeros(len(numbers), bool)


@dataclass
class Scored:
    """What `Vectors.score` worked out: `best` is each doc's score; the rest say how (see `_parts`)."""

    rows: np.ndarray
    forms: np.ndarray
    how: np.ndarray
    starts: np.ndarray
    extras: list[tuple[str, np.ndarray]]
    best: np.ndarray


HOW = ("name", "pinyin", "initials")  # how a form matched, as `Hit.matched` says it


def _holders(pairs) -> dict[str, np.ndarray]:
    held: dict[str, list[int]] = {}
    for word, number in pairs:
        held.setdefault(word, []).append(number)
    return {word: np.unique(np.array(numbers, dtype=np.int64)) for word, numbers in held.items()}


def _in_order(needle: str, texts: np.ndarray) -> np.ndarray:
    """Whether each text holds `needle`'s characters in order (others may come between): each character
    looked for after the one before, in the texts that held the ones before."""
    alive, at = np.arange(len(texts)), np.full(len(texts), -1)
    for ch in needle:
        at = np.strings.find(texts[alive], ch, at + 1)
        alive, at = alive[at >= 0], at[at >= 0]
    found = np.zeros(len(texts), bool)
    found[alive] = True
    return found
