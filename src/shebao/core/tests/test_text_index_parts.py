"""The text index's building blocks, each against the plainest way to do the same thing: cutting a text
into the synonym table's words, a name's synonym variants, and the inverted lists."""

import gc
import random
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shebao.core.textsearch import Document, SearchIndex, aliases, parse_synonyms
from shebao.core.textsearch.grams import _slot, gram_bitsets
from shebao.core.textsearch.index import Postings, groups_in, pieces

LETTERS = "社保卡会障丢了挂失ab"
words = st.text(alphabet=LETTERS, min_size=1, max_size=4)


def plain_pieces(text, vocabulary):
    """At each place the longest word of the vocabulary starting there, else one character on."""
    found, unknown, at = [], "", 0
    while at < len(text):
        word = max((w for w in vocabulary if text.startswith(w, at)), key=len, default="")
        if not word:
            unknown += text[at]
            at += 1
            continue
        found += [(unknown, False)] if unknown else []
        found.append((word, True))
        unknown, at = "", at + len(word)
    return found + ([(unknown, False)] if unknown else [])


@settings(max_examples=300)
@given(st.text(alphabet=LETTERS, max_size=12), st.sets(words, max_size=6))
def test_a_text_is_cut_at_the_longest_word_at_each_place(text, vocabulary):
    assert pieces(text, dict.fromkeys(vocabulary, ())) == plain_pieces(text, vocabulary)


def test_words_that_start_alike_are_cut_longest_first():
    vocabulary = {"社保": (), "社保卡": (), "卡": ()}
    assert pieces("社保卡丢了社保", vocabulary) == [("社保卡", True), ("丢了", False), ("社保", True)]


@settings(max_examples=300)
@given(st.text(alphabet=LETTERS, max_size=10), st.lists(st.lists(words, min_size=2, max_size=3), max_size=5))
def test_a_name_s_synonym_groups_are_those_with_a_word_it_holds(name, groups):
    """Looked up by the first characters of the name's words; the plain way tries every group."""
    groups = [tuple(dict.fromkeys(g)) for g in groups]
    assert groups_in(name, groups) == [g for g in groups if any(w in name for w in g)]


def test_overlapping_synonyms_of_two_groups_both_give_variants():
    groups = [("社会保障卡", "社保卡"), ("保障", "保险")]
    assert set(aliases("社会保障卡", groups)) == {"社保卡", "社会保险卡"}


def test_a_synonym_word_that_normalises_to_nothing_is_dropped():
    assert parse_synonyms("社保卡 ！ 社会保障卡\n# 注释 行\n单独") == [("社保卡", "社会保障卡")]


@given(
    st.lists(st.lists(st.text(alphabet="abc退休", max_size=6), max_size=3), max_size=8), st.text("abc退休")
)
def test_postings_hold_exactly_the_documents_with_every_gram(documents, text):
    postings = Postings(3)
    postings.fill(documents)
    for gram in {t[at : at + n] for d in documents for t in d for n in (1, 2, 3) for at in range(len(t))}:
        holders = {n for n, d in enumerate(documents) if any(gram in t for t in d)}
        assert postings.docs[gram] == sum(1 << n for n in holders), gram
    needed = {text[at : at + 3] for at in range(max(len(text) - 2, 1))} if text else set()
    holding = postings.holding(text)
    for number, texts in enumerate(documents):
        if any(text in t for t in texts):  # a document holding the text is never left out
            assert holding >> number & 1
        elif any(not any(g in t for t in texts) for g in needed):
            assert not holding >> number & 1


def plain_postings(documents, size):
    """Each document's grams as a set, its bit or-ed into each."""
    found = {}
    for number, texts in enumerate(documents):
        for gram in {
            t[at : at + n] for t in texts for n in range(1, size + 1) for at in range(len(t) - n + 1)
        }:
            found[gram] = found.get(gram, 0) | 1 << number
    return found


@settings(deadline=None)  # the first example may compile the gram pass
@given(
    st.lists(st.lists(st.text(alphabet="abc退休\x00", max_size=6), max_size=3), max_size=8),
    st.sampled_from([1, 2, 3]),
)
def test_the_compiled_postings_are_every_gram_of_every_document(documents, size):
    assert gram_bitsets(documents, size) == plain_postings(documents, size)


def test_the_gram_table_grows_past_its_first_size_without_losing_a_gram():
    # 2,000 different characters in texts of 60: tens of thousands of grams, the table starts at 2,048.
    rng = random.Random(7)
    alphabet = [chr(0x4E00 + n) for n in range(2000)]
    documents = [["".join(rng.choices(alphabet, k=60)) for _ in range(3)] for _ in range(150)]
    found = gram_bitsets(documents, 3)
    assert len(found) > 20_000
    assert found == plain_postings(documents, 3)


def test_a_probe_passes_over_the_first_gram_s_slot():
    """The hash table's slot holding gram number 0 is taken: a code whose probe starts there must go on
    to the next slot, not share gram 0's postings (a real build seldom puts a probe through that one
    slot, so the postings tests above do not reach it)."""
    size = 16
    empty, codes = np.full(size, -1, np.int64), np.zeros(size // 2, np.int64)
    home = {code: _slot(empty, codes, code) for code in range(1, 400)}  # where each code's probe starts
    first, other = next((a, b) for a in home for b in home if a < b and home[a] == home[b])
    slots = empty.copy()
    slots[home[first]], codes[0] = 0, first  # gram 0 is `first`
    assert _slot(slots, codes, first) == home[first]
    assert _slot(slots, codes, other) == (home[first] + 1) % size


def test_the_garbage_collector_is_paused_only_while_an_index_is_built():
    seen = []
    with mock.patch(
        "shebao.core.textsearch.index.normalise", side_effect=lambda t: seen.append(gc.isenabled()) or t
    ):
        SearchIndex([Document("a", "退休")])
    assert seen and not any(seen)  # off while building
    assert gc.isenabled()  # on again after
    with (
        mock.patch("shebao.core.textsearch.index.normalise", side_effect=ValueError),
        pytest.raises(ValueError),
    ):
        SearchIndex([Document("a", "退休")])
    assert gc.isenabled()  # on again after a build that failed
    gc.disable()
    try:
        SearchIndex([Document("a", "退休")])
        assert not gc.isenabled()  # left off by whoever switched it off
    finally:
        gc.enable()


def test_the_index_reads_every_character_as_pypinyin_does_in_every_phrase():
    # The index remembers the reading of each word pypinyin cuts a text into (`_RememberingConverter`);
    # a reading remembered in one phrase must not be given to a character in another: 行 is hang in 银行 and
    # xing in 行走, 重 chong in 重新 and zhong in 重要, and ü is written v (lv, nv) as pypinyin writes it.
    from pypinyin import lazy_pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    from shebao.core.textsearch.index import syllables_of

    phrases = ["银行行长", "行走", "重新", "重要", "长大", "长度", "单县", "单位", "女儿", "绿色", "了解"]
    everything = "".join(map(chr, sorted(pinyin_dict)))
    texts = phrases + [everything[i : i + 40] for i in range(0, len(everything), 40)] + phrases[::-1]
    syllables_of.cache_clear()
    for text in texts:
        assert syllables_of(text) == tuple(s.lower() for s in lazy_pinyin(text) if s), text
    assert syllables_of("银行行走") == ("yin", "hang", "xing", "zou")
