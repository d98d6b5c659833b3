"""Ranking answers to a question as people type it (no database): the consultation's knowledge base.

Catalogue titles are short and matched by `SearchIndex`; a question is a sentence ("退休了养老钱咋领"),
so it is cut into words and ranked with BM25 over the words of every phrasing of every answer:

- words from jieba, with the domain dictionary added (every synonym-table word and the caller's words,
  so 养老金 and 社会保障卡 stay whole);
- each word replaced by the first word of its synonym group (养老钱, 退休金 → 养老金), in the documents and
  in the query alike, so a synonym is the same term to BM25;
- traditional characters and full-width letters by `normalise`;
- pinyin: a run of letters ("tuixiu", "ylj") is read as the known words whose full pinyin or initials
  spell it, longest first, or as the one known word a letter or two off (yanglaojn);
- typos of the same sound (退修 for 退休, 养老经 for 养老金): the query's syllables are also read as known
  words, and those found this way that the characters did not give count at half weight.

BM25 itself is bm25s (sparse matrices), one document per phrasing; an answer scores as its best phrasing.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import bm25s
import jieba
import numpy as np

from shebao.core.textsearch.index import STOP_WORDS, syllables_of
from shebao.core.textsearch.normalise import normalise
from shebao.core.textsearch.typos import TypoIndex, typo_limit

jieba.setLogLevel(logging.WARNING)
# Words of a question that say nothing about what is asked, beyond the catalogue search's.
QUESTION_STOP_WORDS = STOP_WORDS | {
    "咋", "咋办", "怎么样", "请问", "你好", "您好", "是", "有", "在", "吧", "呀", "么", "和", "或", "还",
    "就", "都", "多", "这个", "那个", "这", "那", "个", "该", "得", "应该", "问", "一个", "我们", "他", "她",
    "自己", "谁", "为什么", "为啥", "啥", "哪", "哪个", "是不是", "有没有", "能不能", "会", "不", "没",
    "没有",
}  # fmt: skip
CANDIDATES = 20  # reordered by how much of the question they cover
INTENT_ASKED, INTENT_NOT_ASKED = 1.5, 0.6
COVER_BASE = 0.5
SOUND_WEIGHT = 0.5  # a word found only by its sound is a guess
ANSWER_WEIGHT = 0.15  # the words of an answer say much less than the ways it is asked
_LETTERS = re.compile(r"[a-z]+")
_CHINESE = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Ranked:
    key: str
    score: float  # BM25
    coverage: float  # the share of the question's known words that the answer's phrasings hold

    @property
    def confidence(self) -> float:
        """The score, discounted when much of the question is not in the answer's phrasings."""
        return self.score * (COVER_BASE + self.coverage)


class Vocabulary:
    """The words of a domain: the segmenter, the synonym groups and how each known word is spelled."""

    def __init__(self, groups: Sequence[Sequence[str]], words: Iterable[str] = ()):
        self.canonical: dict[str, str] = {}
        for group in groups:
            for word in group:
                self.canonical.setdefault(normalise(word), normalise(group[0]))
        # Stop words too, so that 能不能 is cut whole and dropped, not read as 能 + 不能.
        known = set(self.canonical) | {normalise(w) for w in words} | QUESTION_STOP_WORDS
        self.tokenizer = _tokenizer(tuple(sorted(known)))
        self.known: set[str] = set()
        self.spelled: dict[str, str] = {}  # full pinyin or initials → canonical word
        self.sounds: dict[tuple[str, ...], str] = {}  # syllables → canonical word
        self.typos: TypoIndex | None = None  # the spellings, for a letter or two off

    def words(self, text: str) -> list[str]:
        """The meaningful words of `text`, each as its synonym group's first word."""
        words = []
        for piece in self.tokenizer.lcut(normalise(text), HMM=False):
            for part in self._parts(piece):
                word = self.canonical.get(part, part)
                if word not in QUESTION_STOP_WORDS:
                    words.append(word)
        return words

    def _parts(self, word: str) -> list[str]:
        """The word and, as jieba's search mode gives them, the dictionary words inside it (社会保险费 also
        reads 社会, 保险, 社会保险), except inside a domain word: 领养老金 is not about adopting (领养)."""
        if len(word) <= 2 or word in self.canonical:
            return [word]
        inside = [
            word[at : at + n]
            for n in (2, 3)
            for at in range(len(word) - n + 1)
            if n < len(word) and self.tokenizer.FREQ.get(word[at : at + n])
        ]
        return [*inside, word]

    def learn(self, words: Iterable[str]) -> None:
        """Make `words` (the documents' words) findable by pinyin, initials and sound. Synonyms spell their
        group's word; where two words share a spelling, the more frequent wins."""
        counts = Counter(words)
        for variant, word in self.canonical.items():
            counts[word] += 0
            counts.setdefault(variant, 0)
        self.known = set(counts)
        for text, _ in sorted(counts.items(), key=lambda kv: (kv[1], kv[0])):
            if not _CHINESE.fullmatch(text):
                continue
            word = self.canonical.get(text, text)
            syllables = syllables_of(text)
            if len(text) == 1:  # a lone character is spelled only in full (suan: 算), never by its initial
                if len(syllables[0]) > 2:
                    self.spelled.setdefault(syllables[0], word)
                continue
            self.sounds[syllables] = word
            self.spelled["".join(syllables)] = word
            if len(syllables) >= 3:  # two initials are too ambiguous to stand for a word
                self.spelled["".join(s[0] for s in syllables)] = word
        self.typos = TypoIndex(
            (spelling, word) for spelling, word in self.spelled.items() if len(spelling) >= 5
        )

    def query(self, text: str) -> tuple[list[str], list[str]]:
        """(words, words guessed from the sound of the characters) of a question. A known word that
        sounds like two or more pieces the segmenter cut, one of them a lone character (退|修 for 退休,
        养老|经 for 养老金), replaces those pieces: that is a typo, not a guess."""
        text = normalise(text)
        pieces = list(self.tokenizer.tokenize(text, HMM=False))
        at_start = {start: n for n, (_, start, _) in enumerate(pieces)}
        at_end = {end: n for n, (_, _, end) in enumerate(pieces)}
        replaced: dict[int, str] = {}  # first piece → the word; the other pieces it spans are dropped
        dropped: set[int] = set()
        guessed: list[str] = []
        for word, start, end in self._sounds(text):
            first, last = at_start.get(start), at_end.get(end)
            spanned = range(first, last + 1) if first is not None and last is not None else range(0)
            if len(spanned) >= 2 and any(len(pieces[n][0]) == 1 for n in spanned):
                replaced[first] = word
                dropped.update(spanned[1:])
            elif end - start >= 3:  # two syllables sound like too many words (等级, 登记) to guess
                guessed.append(word)
        words = []
        for n, (piece, _, _) in enumerate(pieces):
            if n in dropped:
                continue
            for part in self._parts(replaced.get(n, piece)):
                words.extend(self._meaning(part))
        return words, [w for w in guessed if w not in words]

    def _meaning(self, piece: str) -> list[str]:
        word = self.canonical.get(piece, piece)
        if word in QUESTION_STOP_WORDS:
            return []
        if _LETTERS.fullmatch(word) and word not in self.known:
            return self._spelled(word)
        return [word]

    def _spelled(self, letters: str) -> list[str]:
        """The known words `letters` spell, the longest at each place; when some letters spell nothing,
        the one known word within a small typo of them all (yanglaojn: 养老金), if any."""
        found = _longest_matches(letters, self.spelled)
        limit = typo_limit(letters)
        if sum(end - start for _, start, end in found) < len(letters) and limit and self.typos is not None:
            near = self.typos.distances(letters, limit)
            if near:
                return [min(near, key=lambda word: (near[word], word))]
        return [w for w, _, _ in found]

    def _sounds(self, text: str) -> list[tuple[str, int, int]]:
        """(known word, start, end) for the runs of Chinese characters read by their sound."""
        found = []
        for run in _CHINESE.finditer(text):
            for word, start, end in _longest_matches(syllables_of(run.group()), self.sounds):
                found.append((word, run.start() + start, run.start() + end))
        return found


@functools.cache
def _tokenizer(words: tuple[str, ...]) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    for word in words:
        if len(word) > 1:
            tokenizer.add_word(word, freq=100_000)  # a domain word beats the general dictionary's split
    return tokenizer


def _longest_matches(pieces: Sequence, table: Mapping) -> list[tuple[str, int, int]]:
    """(word, start, end) for the entries of `table` found in `pieces` (letters of a spelling, or
    syllables), the longest at each place, at least two pieces long; pieces matching nothing are skipped."""
    longest = max(map(len, table), default=0)
    found, at = [], 0
    while at < len(pieces):
        for n in range(min(longest, len(pieces) - at), 1, -1):
            if (key := pieces[at : at + n]) in table:
                found.append((table[key], at, at + n))
                at += n
                break
        else:
            at += 1
    return found


class AnswerRanker:
    """BM25 over the answers. `answers` gives each answer's key, its phrasings (the question first) and
    its text; an answer scores as all its phrasings together (one BM25 document: a word in several
    phrasings is what the answer is about) plus a little of its text's score."""

    def __init__(
        self,
        answers: Sequence[tuple[str, Sequence[str], str, float]],
        vocabulary: Vocabulary,
        intents: Mapping[str, tuple[frozenset[str], frozenset[int]]] | None = None,
    ):
        self.vocabulary = vocabulary
        self.keys = [key for key, *_ in answers]
        self.weights = np.array([weight for *_, weight in answers], dtype=np.float32)
        # An intent (e.g. "what to bring"): the words that ask it and the answers that give it. Such words
        # are in hundreds of answers, so BM25 gives them little weight; asked or not, they decide.
        self.intents = intents or {}
        asked = [
            [w for p in phrasings for w in vocabulary.words(p)] or ["∅"] for _, phrasings, _, _ in answers
        ]
        told = [vocabulary.words(text) or ["∅"] for _, _, text, _ in answers]
        vocabulary.learn(w for document in asked for w in document)
        self.documents = [set(d) for d in asked]
        self.asked, self.told = bm25s.BM25(), bm25s.BM25()
        self.asked.index(asked, show_progress=False)
        self.told.index(told, show_progress=False)

    def rank(self, question: str, *, limit: int = 3) -> list[Ranked]:
        words, guessed = self.vocabulary.query(question)
        if not words and not guessed:
            return []
        scores = (self._scores(words) + SOUND_WEIGHT * self._scores(guessed)) * self.weights
        for intent_words, answers in self.intents.values():
            factor = INTENT_ASKED if intent_words & set(words) else INTENT_NOT_ASKED
            scores[list(answers)] *= factor
        asked = {w for w in words + guessed if w in self.vocabulary.known}
        candidates = [int(n) for n in np.argsort(-scores, kind="stable")[:CANDIDATES] if scores[n] > 0]
        ranked = [
            Ranked(self.keys[n], float(scores[n]), _coverage(asked, self.documents[n])) for n in candidates
        ]
        ranked.sort(key=lambda r: -r.confidence)
        return ranked[:limit]

    def _scores(self, words: list[str]) -> np.ndarray:
        if not words:
            return np.zeros(len(self.keys), dtype=np.float32)
        return self.asked.get_scores(words) + ANSWER_WEIGHT * self.told.get_scores(words)


def _coverage(asked: set[str], phrasing: set[str]) -> float:
    return len(asked & phrasing) / len(asked) if asked else 0.0
