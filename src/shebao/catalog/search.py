"""Searching the catalogue as a citizen types (no database): Chinese words, pinyin (`tuixiu`), pinyin
initials (`tx`), synonyms (退养 → 退休, 社保卡 → 社会保障卡), traditional characters and small typos.

The index is built once from plain item rows. Synonyms are applied to the items, not the query: each
name gets aliases with every synonym substituted ("社会保障卡挂失" also reads "社保卡挂失"), and every
name and alias is indexed as simplified text, full pinyin and initials; curated keywords get their
synonyms too. A query is compared with each of them and the best score wins; equal scores go to the more
frequently used item. When nothing matches the query as a whole, its words are tried in any order
("丢了社保卡" finds 社会保障卡挂失), and only then small typos (`typos.TypoIndex` finds the few forms
that could be that close).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin

from shebao.catalog.textnorm import DATA, normalise
from shebao.catalog.typos import TypoIndex, typo_limit

MAX_ALIASES = 16
ALIAS_FACTOR = 0.96  # an alias is a little less sure than the item's own name
TYPO_WHEN_FEWER_THAN = 1  # i.e. only when nothing matched exactly
# Words that carry no meaning in a query ("我要办退休" means "办退休").
STOP_WORDS = frozenset(
    {"我", "我要", "我想", "想", "要", "想要", "怎么", "怎么办", "怎样", "如何", "的", "了", "吗", "呢"}
    | {"啊", "哪里", "在哪", "在哪里", "去", "能", "可以", "一下", "需要", "什么"}
)


@dataclass(frozen=True)
class Doc:
    """What the index needs of one item."""

    code: str
    name: str
    name_zh_hant: str = ""
    name_en: str = ""
    keywords: str = ""
    category: str = ""
    channels: tuple[str, ...] = ()
    applicant_types: tuple[str, ...] = ()
    popularity: int = 0


@dataclass(frozen=True)
class Hit:
    code: str
    score: float
    matched: str  # which form matched: name, alias, pinyin, initials, english, keyword, typo


@dataclass
class _Form:
    text: str  # simplified, normalised
    pinyin: str
    initials: str
    syllable_starts: frozenset[int]
    factor: float


@dataclass
class _Entry:
    doc: Doc
    forms: list[_Form] = field(default_factory=list)
    keywords: str = ""
    keyword_set: frozenset[str] = frozenset()
    keyword_aliases: frozenset[str] = frozenset()
    keyword_pinyins: frozenset[str] = frozenset()
    keywords_pinyin: str = ""
    english: str = ""
    # Every form at once, to skip an entry none of whose forms can match (see SearchIndex._may_match).
    chars: frozenset[str] = frozenset()
    sounds: str = ""
    letters: str = ""


def load_synonyms(text: str | None = None) -> list[tuple[str, ...]]:
    """Groups of words that mean the same (data/synonyms.txt: one group a line)."""
    if text is None:
        text = (DATA / "synonyms.txt").read_text(encoding="utf-8")
    groups = []
    for line in text.splitlines():
        words = tuple(normalise(w) for w in line.split() if not line.startswith("#"))
        if len(words) > 1:
            groups.append(words)
    return groups


@functools.lru_cache(maxsize=8192)
def pinyin_of(text: str) -> tuple[str, str, frozenset[int]]:
    """(full pinyin, initials, offsets in the full pinyin where a syllable starts)."""
    syllables = [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="default") if s]
    starts, pos = set(), 0
    for s in syllables:
        starts.add(pos)
        pos += len(s)
    return "".join(syllables), "".join(s[0] for s in syllables), frozenset(starts)


def aliases(name: str, groups: Sequence[tuple[str, ...]]) -> list[str]:
    """`name` with each synonym it contains replaced by the other words of its group."""
    found = [g for g in groups if any(w in name for w in g)]
    # A dict, not a set: the same variants in the same order in every process (a set's order follows
    # the per-process string hash, and every gunicorn worker must build the same index).
    variants = {name: None}
    for group in found:
        for current in list(variants):
            for word in group:
                if word in current:
                    variants.update((current.replace(word, other), None) for other in group if other != word)
                    break
        if len(variants) > MAX_ALIASES:
            break
    variants.pop(name)
    return sorted(variants, key=lambda v: (len(v), v))[:MAX_ALIASES]


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


def tokens(query: str, vocabulary: dict[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The words of a normalised Chinese query, each with its synonyms: the longest known word at each
    place, unknown characters kept together, words without meaning dropped."""
    longest = max(map(len, vocabulary), default=1)
    found: list[tuple[str, ...]] = []
    unknown, at = "", 0
    while at < len(query):
        word = next(
            (
                query[at : at + n]
                for n in range(min(longest, len(query) - at), 0, -1)
                if query[at : at + n] in vocabulary
            ),
            "",
        )
        if not word:
            unknown, at = unknown + query[at], at + 1
            continue
        if unknown and unknown not in STOP_WORDS:
            found.append((unknown,))
        unknown, at = "", at + len(word)
        if word not in STOP_WORDS:
            found.append(vocabulary[word])
    if unknown and unknown not in STOP_WORDS:
        found.append((unknown,))
    return found


class SearchIndex:
    def __init__(self, docs: Iterable[Doc], synonyms: Sequence[tuple[str, ...]] | None = None) -> None:
        groups = load_synonyms() if synonyms is None else synonyms
        self.entries: list[_Entry] = [self._entry(d, groups) for d in docs]
        # Every synonym word, and every stop word, leads to its group (a stop word to itself).
        self.vocabulary: dict[str, tuple[str, ...]] = {w: (w,) for w in STOP_WORDS}
        for group in groups:
            for word in group:
                self.vocabulary[word] = group
        # Equal scores go to the more frequently used item, then the shorter name.
        self.order = {e.doc.code: (e.doc.popularity, len(e.doc.name)) for e in self.entries}
        # Typos are measured in pinyin when typed in letters, in characters otherwise.
        forms = [(form, entry.doc.code) for entry in self.entries for form in entry.forms]
        self.pinyin_typos = TypoIndex((form.pinyin, code) for form, code in forms)
        self.text_typos = TypoIndex((form.text, code) for form, code in forms)

    @staticmethod
    def _entry(doc: Doc, groups: Sequence[tuple[str, ...]]) -> _Entry:
        entry = _Entry(doc=doc)
        name = normalise(doc.name)
        for text, factor in [(name, 1.0), *((a, ALIAS_FACTOR) for a in aliases(name, groups))]:
            full, initials, starts = pinyin_of(text)
            entry.forms.append(_Form(text, full, initials, starts, factor))
        entry.keywords = normalise(doc.keywords)
        words = [w for w in (normalise(k) for k in doc.keywords.split()) if w]
        entry.keyword_set = frozenset(words)
        entry.keyword_aliases = frozenset(a for w in words for a in aliases(w, groups)) - entry.keyword_set
        entry.keyword_pinyins = frozenset(pinyin_of(w)[0] for w in entry.keyword_set | entry.keyword_aliases)
        entry.keywords_pinyin = pinyin_of(entry.keywords)[0] if entry.keywords else ""
        entry.english = (doc.name_en or "").lower()
        entry.chars = frozenset("".join(f.text for f in entry.forms))
        entry.sounds = "|".join(f.pinyin for f in entry.forms)
        entry.letters = entry.sounds + "|" + "|".join(f.initials for f in entry.forms)
        return entry

    @staticmethod
    def _may_match(q: str, sound: str, entry: _Entry) -> bool:
        """False when no form can score: every way a form matches needs the query's characters in it,
        its sound in the form's pinyin, or (typed in letters) the query inside its pinyin or initials."""
        if q.isascii():
            return q in entry.letters
        return set(q) <= entry.chars or (len(q) >= 2 and sound in entry.sounds)

    def __len__(self) -> int:
        return len(self.entries)

    def search(
        self,
        query: str,
        *,
        category: str | None = None,
        channel: str | None = None,
        applicant_type: str | None = None,
        limit: int = 20,
    ) -> list[Hit]:
        q = normalise(query)
        sound = pinyin_of(q)[0] if q and not q.isascii() else ""  # for homophones (退修 → 退休)
        english = _english_words(query) if q.isascii() else ()
        hits, misses = [], []
        for entry in self.entries:
            doc = entry.doc
            if category and doc.category != category:
                continue
            if channel and channel not in doc.channels:
                continue
            if applicant_type and applicant_type not in doc.applicant_types:
                continue
            if not q:
                hits.append(Hit(doc.code, 0.0, ""))
                continue
            score, matched = self._score(q, sound, english, entry)
            if score > 0:
                hits.append(Hit(doc.code, score, matched))
            else:
                misses.append(entry)
        # The query's words in another order come next; typos are the last resort.
        if q and not hits and not q.isascii():
            words = tokens(q, self.vocabulary)
            for entry in misses:
                score = self._words(words, entry) if words else 0.0
                if score > 0:
                    hits.append(Hit(entry.doc.code, score, "words"))
        if q and len(hits) < TYPO_WHEN_FEWER_THAN:
            hits += self._typos(q, misses)
        hits.sort(key=lambda h: (-h.score, -self.order[h.code][0], self.order[h.code][1], h.code))
        return hits[:limit] if limit else hits

    def _score(self, q: str, sound: str, english: tuple[str, ...], entry: _Entry) -> tuple[float, str]:
        best, matched = 0.0, ""
        for form in entry.forms if self._may_match(q, sound, entry) else ():
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

    def _typos(self, q: str, misses: list[_Entry]) -> list[Hit]:
        limit = typo_limit(q)
        if limit == 0:
            return []
        distances = (self.pinyin_typos if q.isascii() else self.text_typos).distances(q, limit)
        return [
            Hit(e.doc.code, 400.0 - 100.0 * distances[e.doc.code], "typo")
            for e in misses
            if e.doc.code in distances
        ]
