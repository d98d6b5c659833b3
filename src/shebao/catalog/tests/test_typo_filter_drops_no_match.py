"""The typo fallback measures only the texts its filter lets through: on many queries made by mistyping
what the catalogue holds (names, pinyin, initials), it finds exactly what measuring every form finds."""

import csv
import string
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shebao.catalog.search import catalogue_index, item_document
from shebao.catalog.textnorm import DATA
from shebao.core.textsearch.typos import TypoIndex, typo_distance


@pytest.fixture(scope="module")
def index():
    with open(DATA / "items.csv", encoding="utf-8") as f:
        docs = [
            item_document(
                code=r["code"], name=r["name"], keywords=r["keywords"], popularity=int(r["popularity"])
            )
            for r in csv.DictReader(f)
        ]
    return catalogue_index(docs)


def full_scan(index, pattern, limit):
    """Item code → smallest distance, every form of every item measured whole (what the filter skips)."""
    found = {}
    for entry in index.entries:
        texts = [form.pinyin if pattern.isascii() else form.text for form in entry.forms]
        distance = min(typo_distance(pattern, text, limit) for text in texts)
        if distance <= limit:
            found[entry.doc.key] = distance
    return found


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
@given(data=st.data())
def test_search_ranks_mistyped_queries_as_with_every_form_measured(index, data):
    query = mistyped(data, index)
    found = index.search(query, limit=0)
    with mock.patch.object(TypoIndex, "distances", lambda _self, q, limit: full_scan(index, q, limit)):
        assert index.search(query, limit=0) == found, query


def test_mistyped_names_are_found(index):
    """The two tests above compare like with like; this one shows the typos are within reach at all."""
    assert [h.key for h in index.search("shebaokaguasi")][:1] == ["CARD002"]  # s for sh
    assert [h.key for h in index.search("失业保险经申领")][:1] == ["UNE001"]  # 经 for 金
    assert index.search("tuixiushenqng")[0].matched == "typo"
