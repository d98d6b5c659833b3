"""The typo fallback measures only the texts its filter lets through: on many queries made by mistyping
what the catalogue holds (names, pinyin, initials), it finds exactly what measuring every form finds."""

import csv
import string
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shebao.catalog.search import catalogue_index, item_document
from shebao.catalog.tests.searching import ranked_as
from shebao.catalog.textnorm import DATA
from shebao.core.textsearch.typos import TypoIndex, bit_numbers, typo_distance, typo_limit


@pytest.fixture(scope="module")
def index():
    with open(DATA / "items.csv", encoding="utf-8") as f:
        docs = [
            item_document(
                code=r["code"],
                name=r["name"],
                keywords=r["keywords"],
                channels=r["channels"].split(";"),
                popularity=int(r["popularity"]),
            )
            for r in csv.DictReader(f)
        ]
    return catalogue_index(docs)


def full_scan(index, pattern, limit):
    """Entry number → smallest distance, every form of every item measured whole (what the filter and
    the early stop skip)."""
    found = {}
    for number, entry in enumerate(index.entries):
        texts = [form.pinyin if pattern.isascii() else form.text for form in entry.forms]
        distance = min(typo_distance(pattern, text, limit) for text in texts)
        if distance <= limit:
            found[number] = distance
    return found


def ranked_hits(index, found, passing):
    """(key, score) of the typo hits a full scan found (entry number → distance), those `passing`, best
    first."""
    scored = [
        (index.entries[n].doc.key, 400.0 - 100.0 * distance)
        for n, distance in found.items()
        if passing is None or passing[n]
    ]
    return sorted(scored, key=lambda hit: ranked_as(index, hit[1], hit[0]))


def mistyped(data, index):
    """Part or all of an item's name, pinyin or initials (an alias's too), with up to three edits."""
    form = data.draw(st.sampled_from([form for entry in index.entries for form in entry.forms]))
    source = data.draw(st.sampled_from([form.text, form.pinyin, form.initials]))
    start = data.draw(st.integers(0, len(source) - 1))
    query = source[start : data.draw(st.integers(start + 1, len(source)))]
    if query.isascii():
        alphabet = string.ascii_lowercase
    else:  # the catalogue's characters, and letters mixed in
        alphabet = "".join(sorted({c for e in index.entries for f in e.forms for c in f.text})) + "ab"
    for _edit in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(query)))
        kind = data.draw(st.sampled_from(["insert", "delete", "substitute"]))
        new = "" if kind == "delete" else data.draw(st.sampled_from(alphabet))
        query = query[:at] + new + query[at + (kind != "insert") :]
    return query


@settings(max_examples=200, deadline=None)
@given(data=st.data(), limit=st.integers(0, 2))
def test_the_filtered_typo_search_finds_what_the_full_scan_finds(index, data, limit):
    query = mistyped(data, index)
    typos = index.pinyin_typos if query.isascii() else index.text_typos
    assert typos.distances(query, limit) == full_scan(index, query, limit), query


@settings(max_examples=100, deadline=None)
@given(data=st.data(), limit=st.sampled_from([0, 1, 3, 20]), online=st.booleans())
def test_the_best_few_mistyped_are_those_of_every_form_measured(index, data, limit, online):
    """The typo search stops once it has the best `limit`: they are the first `limit` of every item
    measured, by distance then the order equal scores go in, with or without a filter."""
    query = mistyped(data, index)
    passing = index._passing({"channel": "online"} if online else {})
    edits = typo_limit(query)  # none for a short query: no typo is guessed
    expected = ranked_hits(index, full_scan(index, query, edits) if edits else {}, passing)
    for chunk in (TypoIndex.CHUNK, 5):  # 5: the early stop at work on a catalogue this small
        with mock.patch.object(TypoIndex, "CHUNK", chunk):
            hits = index._typos(query, passing, limit)
        assert [(h.key, h.score) for h in hits] == (expected[:limit] if limit else expected), query


def test_mistyped_names_are_found(index):
    """The two tests above compare like with like; this one shows the typos are within reach at all."""
    assert [h.key for h in index.search("shebaokaguasi")][:1] == ["CARD002"]  # s for sh
    assert [h.key for h in index.search("失业保险经申领")][:1] == ["UNE001"]  # 经 for 金
    assert index.search("tuixiushenqng")[0].matched == "typo"


def edited(text, at, kind):
    """`text` with one character at `at` dropped, doubled or replaced by the next letter/character."""
    if kind == "delete":
        return text[:at] + text[at + 1 :]
    if kind == "double":
        return text[: at + 1] + text[at:]
    return text[:at] + chr(ord(text[at]) + 1) + text[at + 1 :]


def test_the_early_stop_keeps_the_best_few_of_every_mistyped_name(index):
    """Every item's name, pinyin and an alias, each mistyped three ways, at small limits and with a filter:
    the typo search (measuring 5 documents first, then twice as many each time, so that it stops early)
    gives the first of a full scan."""
    queries = {
        edited(text, len(text) // 2, kind)
        for entry in index.entries[::2]
        for text in (entry.forms[0].text, entry.forms[0].pinyin, entry.forms[-1].text)
        for kind in ("delete", "double", "replace")
    }
    stopped_early = 0
    for query in sorted(q for q in queries if typo_limit(q)):
        found = full_scan(index, query, typo_limit(query))
        for online in (False, True):
            passing = index._passing({"channel": "online"} if online else {})
            expected = ranked_hits(index, found, passing)
            for limit in (1, 3, 20):
                with mock.patch.object(TypoIndex, "CHUNK", 5):
                    hits = index._typos(query, passing, limit)
                assert [(h.key, h.score) for h in hits] == expected[:limit], (query, online, limit)
                stopped_early += len(expected) > limit  # more were within reach than asked for
    assert stopped_early > 100


@given(st.sets(st.integers(0, 600)), st.integers(0, 600))
def test_bit_numbers_are_the_set_bits_below_the_size(numbers, size):
    bits = sum(1 << n for n in numbers)
    assert list(bit_numbers(bits, size)) == sorted(n for n in numbers if n < size)
