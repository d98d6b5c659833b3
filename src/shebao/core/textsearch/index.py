"""The text search (no database): one index design for everything people search by typing, the service
catalogue today and the consultation answers next. Chinese words, pinyin (`tuixiu`), pinyin initials
(`tx`), synonyms (退养 → 退休, 社保卡 → 社会保障卡), traditional characters and small typos.

A `Document` has a title (matched hardest: exactly, as a prefix, a substring, its characters in order,
its pinyin, initials or sound), curated keywords, an English title, facets to filter on and a popularity
that breaks ties. Synonyms (a table of word groups, the caller's domain dictionary) are applied to the
documents, not the query: each title gets aliases with one synonym substituted at a time ("社会保障卡挂失"
also reads "社保卡挂失"), and every title and alias is indexed as simplified text, full pinyin and initials.

An inverted index (`Postings`: for each character or q-gram, the documents holding it, as one integer
with a bit per document) gives the few documents a query can match; only those are scored, all at once
(`vectors.Vectors`), and none when the first tier already fills the page, so a search costs a few dozen
integer and array operations, not a pass over every document. `_score` is the same rules written out
for one document at a time: the tests rank every query both ways.
When nothing matches the query as a whole, its words are tried in any order ("丢了社保卡" finds
社会保障卡挂失; the words come from `segment`, by default the longest synonym-table word at each place),
and only then small typos (`typos.TypoIndex`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from pypinyin import Style
from pypinyin.converter import UltimateConverter
from pypinyin.core import Pinyin

from shebao.core.textsearch.grams import gram_bitsets
from shebao.core.textsearch.normalise import normalise
from shebao.core.textsearch.typos import TypoIndex, bit_numbers, typo_limit
from shebao.core.textsearch.vectors import Vectors

ALIAS_FACTOR = 0.96  # an alias is a little less sure than the item's own name
TYPO_WHEN_FEWER_THAN = 1  # i.e. only when nothing matched exactly
# Words that carry no meaning in a query ("我要办退休" means "办退休").
STOP_WORDS = frozenset(
    {"我", "我要", "我想", "想", "要", "想要", "怎么", "怎么办", "怎样", "如何", "的", "了", "吗", "呢"}
    | {"啊", "哪里", "在哪", "在哪里", "去", "能", "可以", "一下", "需要", "什么"}
)


@dataclass(frozen=True)
class Document:
    """What the index needs of one document (a catalogue item, a consultation answer)."""

    key: str
    title: str  # any script: traditional characters and full-width letters are normalised
    keywords: str = ""  # curated words, separated by spaces
    english: str = ""
    facets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # e.g. {"channel": ("online",)}
    popularity: int = 0  # equal scores go to the more popular document


@dataclass(frozen=True)
class Hit:
    key: str
    score: float
    matched: str  # which form matched: name, alias, pinyin, initials, english, keyword, words, typo


@dataclass
class _Form:
    text: str  # simplified, normalised
    factor: float
    pinyin: str = ""
    initials: str = ""
    marks: str = ""  # as long as the pinyin: "1" where a syllable starts, "0" elsewhere

    @functools.cached_property
    def syllable_starts(self) -> frozenset[int]:
        """Where in the pinyin a syllable starts (the rules written out one form at a time ask this)."""
        return frozenset(at for at, mark in enumerate(self.marks) if mark == "1")


@dataclass
class _Entry:
    doc: Document
    forms: list[_Form] = field(default_factory=list)
    keywords: str = ""
    keyword_set: frozenset[str] = frozenset()
    keyword_aliases: frozenset[str] = frozenset()
    keyword_pinyins: frozenset[str] = frozenset()
    keywords_pinyin: str = ""
    english: str = ""


def parse_synonyms(text: str) -> list[tuple[str, ...]]:
    """Groups of words that mean the same, one group a line (a line starting with # is a comment)."""
    groups = []
    for line in text.splitlines():
        words = tuple(w for w in (normalise(w) for w in line.split() if not line.startswith("#")) if w)
        if len(words) > 1:
            groups.append(words)
    return groups


MAX_WORDS_READ = 200_000  # words whose reading is kept (406 at 15,500 documents)


class _RememberingConverter(UltimateConverter):
    """`lazy_pinyin`'s converter, remembering the reading of each word its segmenter cuts a text into:
    pypinyin works a word out afresh every time (its phrase looked up and copied, each syllable's tone
    marks stripped), and the index's texts are a few thousand words in many combinations (district names
    before item names: 44,000 words to read at 15,500 documents, 406 of them different). The answer
    depends only on the arguments remembered; it is kept as tuples, which no caller can change."""

    def __init__(self) -> None:
        super().__init__()
        self._read: dict[tuple, tuple[tuple[str, ...], ...]] = {}

    def convert(self, words, style, heteronym, errors, strict, **kwargs):
        if kwargs:
            return super().convert(words, style, heteronym, errors, strict, **kwargs)
        key = (words, style, heteronym, errors, strict)
        read = self._read.get(key)
        if read is None:
            if len(self._read) >= MAX_WORDS_READ:
                self._read.clear()  # a bound on memory however many texts a process reads
            converted = super().convert(words, style, heteronym, errors, strict)
            read = self._read[key] = tuple(tuple(syllables) for syllables in converted)
        return read


_PINYIN = Pinyin(_RememberingConverter())


@functools.lru_cache(maxsize=65536)
def syllables_of(text: str) -> tuple[str, ...]:
    """Toneless pinyin syllables, lower case (a run of letters or digits stays one piece)."""
    return tuple(s.lower() for s in _PINYIN.lazy_pinyin(text, style=Style.NORMAL, errors="default") if s)


def _pinyin(syllables: Iterable[str]) -> tuple[str, str, frozenset[int]]:
    syllables = list(syllables)
    starts, pos = set(), 0
    for s in syllables:
        starts.add(pos)
        pos += len(s)
    return "".join(syllables), "".join(s[0] for s in syllables), frozenset(starts)


@functools.lru_cache(maxsize=65536)
def pinyin_of(text: str) -> tuple[str, str, frozenset[int]]:
    """(full pinyin, initials, offsets in the full pinyin where a syllable starts)."""
    return _pinyin(syllables_of(text))


def aliases(name: str, groups: Sequence[tuple[str, ...]]) -> list[str]:
    """`name` with one synonym it holds replaced by another word of its group, each group and each other
    word in turn. One at a time, not every combination: a name holding words of four groups had dozens
    of combinations (cut at 16, which lost single replacements), and a query saying two synonyms at once
    is found by the words step (`SearchIndex._in_any_order`), in Chinese."""
    variants: set[str] = set()
    for group in groups_in(name, groups):
        word = next(w for w in group if w in name)
        variants.update(name.replace(word, other) for other in group if other != word)
    variants.discard(name)
    # Sorted: the same variants in the same order in every process, whatever the string-hash seed
    # (every gunicorn worker must build the same index).
    return sorted(variants, key=lambda v: (len(v), v))


def groups_in(name: str, groups: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The groups with a word that `name` holds, in their order."""
    starting = _groups_by_first_character(tuple(groups))
    return [groups[n] for n in sorted({n for ch in set(name) for n, w in starting.get(ch, ()) if w in name})]


@functools.lru_cache(maxsize=8)
def _groups_by_first_character(groups: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[int, str]]]:
    """(group number, word) of every synonym word, by the word's first character: a name need only be
    searched for the words starting with one of its own characters (a handful, not every group's)."""
    found: dict[str, list[tuple[int, str]]] = {}
    for number, group in enumerate(groups):
        for word in group:
            found.setdefault(word[:1], []).append((number, word))
    return found


def _english_words(query: str) -> tuple[str, ...]:
    """The words of a query typed in English, none when it is not (or too short to mean anything);
    worked out once a search, not once an item."""
    words = tuple(query.lower().replace("-", " ").split())
    if not all(w.isascii() for w in words) or len("".join(words)) < 3:
        return ()
    return words


def _in_order(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


@functools.lru_cache(maxsize=8)
def word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern matching, at each place, the longest of `words` (alternatives are tried in order,
    the longest first): the regular-expression engine does in C what a loop over the characters did."""
    longest_first = sorted(filter(None, words), key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, longest_first)) or "(?!)")  # (?!): no words, no match


def pieces(text: str, vocabulary: Mapping[str, tuple[str, ...]]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, known): the longest vocabulary word at each place, the characters between
    two words kept together."""
    found: list[tuple[str, bool]] = []
    unknown_from = 0
    for match in word_pattern(frozenset(vocabulary)).finditer(text):
        start, end = match.span()
        if unknown_from < start:
            found.append((text[unknown_from:start], False))
        found.append((match.group(), True))
        unknown_from = end
    if unknown_from < len(text):
        found.append((text[unknown_from:], False))
    return found


def tokens(query: str, vocabulary: Mapping[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The words of a normalised Chinese query, each with its synonyms: the longest known word at each
    place, unknown characters kept together, words without meaning dropped."""
    return [
        vocabulary[piece] if known else (piece,)
        for piece, known in pieces(query, vocabulary)
        if piece not in STOP_WORDS
    ]


def grams(text: str, size: int) -> set[str]:
    """The substrings of `size` characters (the whole text when shorter)."""
    if len(text) <= size:
        return {text} if text else set()
    return {text[at : at + size] for at in range(len(text) - size + 1)}


class Postings:
    """For each gram (every substring of 1 to `size` characters), the documents holding it: one integer,
    bit i for document i, so intersecting thousands of documents is one integer operation."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.docs: dict[str, int] = {}

    def fill(self, texts_by_document: Sequence[Sequence[str]]) -> None:
        """The postings of every document's texts (document n the n-th), in one compiled pass."""
        self.docs = gram_bitsets(texts_by_document, self.size)

    def holding(self, text: str) -> int:
        """The documents that may hold `text` (they hold each of its grams): never one that does not."""
        found = -1  # every document, until a gram says otherwise
        for gram in grams(text, self.size):
            found &= self.docs.get(gram, 0)
        return found


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while an index is built. A build makes hundreds of thousands of
    objects that last (forms, sets, strings in containers) and no garbage cycles, and the collector, woken
    every 700 new containers, would go over the ones already made again and again: about 1 s of 7.6 at
    15,500 documents. It is switched back on only if it was on (another thread's build may still run)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class SearchIndex:
    @collector_paused()
    def __init__(
        self,
        docs: Iterable[Document],
        synonyms: Sequence[tuple[str, ...]] = (),
        segment: Callable[[str, dict[str, tuple[str, ...]]], list[tuple[str, ...]]] | None = None,
    ) -> None:
        """`synonyms`: groups of words that mean the same (`parse_synonyms`); `segment`: cuts a query
        into words, each with its synonyms, for the words-in-any-order step (default: `tokens`, the
        longest synonym-table word at each place; a consultation index may plug a jieba tokenizer in)."""
        groups = list(synonyms)
        # Every synonym word, and every stop word, leads to its group (a stop word to itself).
        self.vocabulary: dict[str, tuple[str, ...]] = {w: (w,) for w in STOP_WORDS}
        for group in groups:
            for word in group:
                self.vocabulary[word] = group
        # `pieces`' pattern in a group: split() then keeps the words it cut at.
        self.word_splitter = re.compile(f"({word_pattern(frozenset(self.vocabulary)).pattern})")
        self._keywords_seen: dict[str, tuple] = {}  # while building: see `_keyword_forms`
        entries = [self._entry(d, groups) for d in docs]
        forms = [form for entry in entries for form in entry.forms]
        for form, full, initials, marks in zip(forms, *self._pinyins([f.text for f in forms]), strict=True):
            form.pinyin, form.initials, form.marks = full, initials, marks
        # Equal scores go to the more frequently used document, then the shorter title (then the key):
        # the entries are kept in that order, so an entry's number is its place among equals.
        self.entries: list[_Entry] = sorted(
            entries, key=lambda e: (-e.doc.popularity, len(e.doc.title), e.doc.key)
        )
        self._keywords_seen.clear()
        self.segment = segment or tokens
        self._index_postings()
        # Typos are measured in pinyin when typed in letters, in characters otherwise; the owners are the
        # entries, in order, so that the typo index can stop at the best few. The pinyin's filter is the
        # letters' postings (they hold every substring of each entry's pinyin, and its initials).
        self.pinyin_typos = TypoIndex(
            ((form.pinyin, i) for i, entry in enumerate(self.entries) for form in entry.forms),
            grams=self.letters.docs,
        )
        self.text_typos = TypoIndex(
            (form.text, i) for i, entry in enumerate(self.entries) for form in entry.forms
        )
        self.vectors = Vectors(self.entries, lambda text: bit_numbers(self.chars.holding(text), len(self)))
        self.facet_masks: dict[tuple[str, str], np.ndarray] = {}
        for i, e in enumerate(self.entries):
            for name, values in e.doc.facets.items():
                for value in values:
                    mask = self.facet_masks.setdefault((name, value), np.zeros(len(self.entries), bool))
                    mask[i] = True

    def _index_postings(self) -> None:
        """What each way of matching needs of a document, as postings (see `_candidates`)."""
        self.chars, self.letters, self.words = Postings(1), Postings(3), Postings(3)
        self.chars.fill([[*(f.text for f in e.forms), e.keywords, *e.keyword_aliases] for e in self.entries])
        self.letters.fill(
            [
                [
                    *(f.pinyin for f in e.forms),
                    *(f.initials for f in e.forms),
                    e.keywords_pinyin,
                    *e.keyword_pinyins,
                ]
                for e in self.entries
            ]
        )
        self.words.fill([e.english.replace("-", " ").split() for e in self.entries])

    def _pinyins(self, texts: list[str]) -> tuple[list[str], list[str], list[str]]:
        """(full pinyin, initials, syllable marks: see `_Form`) of each of `texts`, all at once.

        `pinyin_of` a word of the synonym table (or a stretch between two) at a time: titles and their
        aliases share their pieces, and pypinyin, the slowest part of building the index, then converts
        each piece once. The texts are joined and cut by one split (`pieces`' pattern, the separator
        first), and the pieces' pinyin joined and cut again at the separator: C loops over 113,000 titles
        and aliases at 15,500 documents, not a Python loop per piece."""
        if not texts:
            return [], [], []
        separator = "\x00"  # `normalise` drops control characters: no text holds it
        joined = separator.join(texts)
        splitter = re.compile(f"({separator}|{self.word_splitter.pattern[1:-1]})")
        parts = splitter.split(joined)
        fulls, initials, marks = (
            {separator: separator, "": ""},
            {separator: separator, "": ""},
            {separator: separator, "": ""},
        )
        for piece in set(parts).difference(fulls):
            full, short, starts = pinyin_of(piece)
            fulls[piece], initials[piece] = full, short
            marks[piece] = "".join("1" if at in starts else "0" for at in range(len(full)))
        return tuple(  # type: ignore[return-value]
            "".join(map(table.__getitem__, parts)).split(separator) for table in (fulls, initials, marks)
        )

    def _entry(self, doc: Document, groups: Sequence[tuple[str, ...]]) -> _Entry:
        entry = _Entry(doc=doc)
        name = normalise(doc.title)
        entry.forms = [_Form(name, 1.0), *(_Form(a, ALIAS_FACTOR) for a in aliases(name, groups))]
        (
            entry.keywords,
            entry.keyword_set,
            entry.keyword_aliases,
            entry.keyword_pinyins,
            entry.keywords_pinyin,
        ) = self._keyword_forms(doc.keywords, groups)
        entry.english = (doc.english or "").lower()
        return entry

    def _keyword_forms(
        self, keywords: str, groups: Sequence[tuple[str, ...]]
    ) -> tuple[str, frozenset[str], frozenset[str], frozenset[str], str]:
        """(keywords, their set, their synonyms, the pinyin of each, the pinyin of all) of a document,
        worked out once for documents with the same keywords (an item offered under many names)."""
        found = self._keywords_seen.get(keywords)
        if found is None:
            text = normalise(keywords)
            words = frozenset(w for w in (normalise(k) for k in keywords.split()) if w)
            synonyms = frozenset(a for w in words for a in aliases(w, groups)) - words
            spelled = sorted(words | synonyms)
            pinyins = frozenset(self._pinyins(spelled)[0]) if spelled else frozenset()
            found = (text, words, synonyms, pinyins, self._pinyins([text])[0][0] if text else "")
            self._keywords_seen[keywords] = found
        return found

    def __len__(self) -> int:
        return len(self.entries)

    def _candidates(self, q: str, sound: str, english: tuple[str, ...]) -> np.ndarray:
        """The documents that may score for `q`; every one that does is among them, since each way of
        scoring (see `_score`) needs what the postings asked here hold: a title form or keyword holding
        the query's characters, or its sound; typed in letters, a pinyin, initials or keyword pinyin
        holding the query, or an English title holding each word."""
        if q.isascii():
            found = self.letters.holding(q)
            if english:
                found |= functools.reduce(operator.and_, (self.words.holding(w) for w in english), -1)
        else:
            found = self.chars.holding(q)
            if len(q) >= 2:
                found |= self.letters.holding(sound)
        return bit_numbers(found, len(self.entries))

    def _in_any_order(self, words: list[tuple[str, ...]]) -> np.ndarray:
        """The documents holding every word (or a synonym of it) in their title forms or keywords."""
        found = -1
        for group in words:
            found &= functools.reduce(operator.or_, (self.chars.holding(w) for w in group), 0)
        return bit_numbers(found, len(self.entries))

    def search(self, query: str, *, facets: Mapping[str, str] | None = None, limit: int = 20) -> list[Hit]:
        """Ranked hits for `query`, among the documents whose facets hold every value of `facets`
        (a facet given as "" or None does not filter); an empty query lists by popularity; `limit` 0
        gives every hit."""
        passing = self._passing({name: value for name, value in (facets or {}).items() if value})
        q = normalise(query)
        if not q:
            listed = [i for i in range(len(self.entries)) if passing is None or passing[i]]
            return [Hit(self.entries[i].doc.key, 0.0, "") for i in listed[: limit or None]]
        sound = pinyin_of(q)[0] if not q.isascii() else ""  # for homophones (退修 → 退休)
        english = _english_words(query) if q.isascii() else ()
        hits = self._matching(q, sound, english, passing, limit)
        # The query's words in another order come next; typos are the last resort.
        if not hits and not q.isascii():
            words = self.segment(q, self.vocabulary)
            docs = self._allowed(self._in_any_order(words) if words else np.zeros(0, np.int64), passing)
            scores = self.vectors.words(words, docs)
            hits = [
                Hit(self.entries[i].doc.key, float(scores[n]), "words")
                for n, i in self._best(docs, scores, limit)
            ]
        if len(hits) < TYPO_WHEN_FEWER_THAN:
            hits += self._typos(q, passing, limit)  # best first, as the hits before
        return hits[:limit] if limit else hits

    def _passing(self, wanted: Mapping[str, str]) -> np.ndarray | None:
        """Which entries hold every wanted facet value (None: no filter)."""
        if not wanted:
            return None
        nobody = np.zeros(len(self.entries), bool)
        masks = [self.facet_masks.get((name, value), nobody) for name, value in wanted.items()]
        return functools.reduce(operator.and_, masks)

    @staticmethod
    def _allowed(docs: np.ndarray, passing: np.ndarray | None) -> np.ndarray:
        return docs if passing is None else docs[passing[docs]]

    def _matching(
        self, q: str, sound: str, english: tuple[str, ...], passing: np.ndarray | None, limit: int
    ) -> list[Hit]:
        """The documents matching the query as a whole, best first. When `limit` of them are in the first
        tier (see `Vectors.first_tier`), no other document can come before them, and none is scored."""
        docs = self._allowed(self.vectors.first_tier(q), passing) if limit else np.zeros(0, np.int64)
        if len(docs) < limit or not limit:
            docs = self._allowed(self._candidates(q, sound, english), passing)
        scored = self.vectors.score(q, sound, english, docs, limit)
        best = self._best(docs, scored.best, limit)
        matched = self.vectors.matched(scored, (n for n, _i in best))  # for the few shown
        return [
            Hit(self.entries[i].doc.key, float(scored.best[n]), how)
            for (n, i), how in zip(best, matched, strict=True)
        ]

    def _best(self, docs: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, int]]:
        """(position in `docs`, entry number) of the best-scoring `limit` (0: all) with a score, in order."""
        scoring = np.flatnonzero(scores > 0)
        order = scoring[np.lexsort((docs[scoring], -scores[scoring]))]  # equal scores: by entry number
        return [(int(n), int(docs[n])) for n in order[: limit or None]]

    def _score(self, q: str, sound: str, english: tuple[str, ...], entry: _Entry) -> tuple[float, str]:
        """(score, which part matched) of one document: the ranking rules written out one form at a
        time. Searches score their candidates all at once (`vectors.Vectors`, the same rules in arrays);
        the tests check that both rank every query the same."""
        best, matched = 0.0, ""
        for form in entry.forms:
            score, how = self._latin(q, form) if q.isascii() else self._chinese(q, sound, form)
            score *= form.factor
            if score > best:
                best, matched = score, ("alias" if form.factor < 1 and how == "name" else how)
        if q.isascii():
            extra = self._english(english, entry)
            if extra > best:
                best, matched = extra, "english"
            if q in entry.keyword_pinyins and best < 900:
                best, matched = 900.0, "keyword"  # a curated keyword (or its synonym) in pinyin
            elif entry.keywords_pinyin and q in entry.keywords_pinyin and len(q) >= 4 and best < 500:
                best, matched = 500.0, "keyword"
        elif q in entry.keyword_set and best < 920:
            best, matched = 920.0, "keyword"  # a curated keyword typed exactly
        elif q in entry.keyword_aliases and best < 910:
            best, matched = 910.0, "keyword"  # ... or one of its synonyms
        elif entry.keywords and q in entry.keywords and best < 600:
            best, matched = 600.0, "keyword"
        return best, matched

    @staticmethod
    def _chinese(q: str, sound: str, form: _Form) -> tuple[float, str]:
        text = form.text
        if q == text:
            return 1000.0, "name"
        if text.startswith(q):
            return 900.0 - min(len(text) - len(q), 50), "name"
        if q in text:
            return 800.0 - min(len(text) - len(q), 50), "name"
        if len(q) >= 3 and _in_order(q, text):
            return 550.0 - min(len(text) - len(q), 50), "name"
        # A homophone typed by a pinyin keyboard (退修 for 退休): compare the sounds.
        if len(q) >= 2 and sound in form.pinyin:
            return 450.0, "pinyin"
        return 0.0, ""

    @staticmethod
    def _latin(q: str, form: _Form) -> tuple[float, str]:
        if q == form.pinyin:
            return 1000.0, "pinyin"
        if q == form.initials:
            return 880.0, "initials"
        if form.pinyin.startswith(q):
            return 860.0 - min(len(form.pinyin) - len(q), 50), "pinyin"
        at = form.pinyin.find(q)
        while at != -1 and len(q) >= 3:
            if at in form.syllable_starts:
                return 760.0 - min(len(form.pinyin) - len(q), 50), "pinyin"
            at = form.pinyin.find(q, at + 1)
        if len(q) >= 2 and form.initials.startswith(q):
            return 740.0 - min(len(form.initials) - len(q), 40), "initials"
        if len(q) >= 2 and q in form.initials:
            return 640.0 - min(len(form.initials) - len(q), 40), "initials"
        return 0.0, ""

    @staticmethod
    def _english(words: tuple[str, ...], entry: _Entry) -> float:
        if entry.english and words and all(w in entry.english for w in words):
            return 700.0 if entry.english.startswith(words[0]) else 620.0
        return 0.0

    @staticmethod
    def _words(words: list[tuple[str, ...]], entry: _Entry) -> float:
        """Every word of the query (or a synonym of it) in the item's name or keywords, in any order."""
        name = entry.forms[0].text
        text = name + " " + entry.keywords
        if all(any(w in text for w in group) for group in words):
            return 500.0 - min(len(name), 50)
        return 0.0

    def _typos(self, q: str, passing: np.ndarray | None, limit: int) -> list[Hit]:
        """The best `limit` (0: all) documents with a form a typo or two from `q`, best first."""
        edits = typo_limit(q)
        if edits == 0:
            return []
        typos = self.pinyin_typos if q.isascii() else self.text_typos

        owners, distances = typos.nearest(q, edits, k=limit, allowed=passing)
        return [
            Hit(self.entries[o].doc.key, 400.0 - 100.0 * float(d), "typo")
            for o, d in zip(owners, distances, strict=True)
        ]
