"""The search index alone (no database), over the real seed catalogue rows."""

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shebao.catalog.search import catalogue_index, item_document
from shebao.catalog.tests.searching import ranked_as
from shebao.catalog.textnorm import DATA
from shebao.core.textsearch import Hit, aliases, normalise, tokens
from shebao.core.textsearch.index import _english_words, pieces, pinyin_of
from shebao.core.textsearch.typos import sellers_distance, typo_distance, typo_distances


@pytest.fixture(scope="module")
def index():
    with open(DATA / "items.csv", encoding="utf-8") as f:
        docs = [
            item_document(
                code=r["code"],
                name=r["name"],
                name_en=r["name_en"],
                keywords=r["keywords"],
                category=r["category"],
                channels=tuple(r["channels"].split(";")),
                applicant_types=tuple(r["applicant_types"].split(";")),
                popularity=int(r["popularity"]),
            )
            for r in csv.DictReader(f)
        ]
    return catalogue_index(docs)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("退休申请", "PEN001"),
        ("tuixiu", "PEN001"),  # pinyin
        ("tx", "PEN001"),  # initials
        ("txsq", "PEN001"),
        ("退养", "PEN001"),  # synonyms
        ("领养老金", "PEN001"),
        ("社保卡挂失", "CARD002"),
        ("sbkgs", "CARD002"),  # initials of a synonym
        ("shebaokabuhuan", "CARD004"),
        ("社會保障卡補換", "CARD004"),  # traditional characters
        ("個人權益記錄", "REC001"),
        ("失业保险金申令", "UNE001"),  # a wrong character
        ("shiyebaoxinjin", "UNE001"),  # a pinyin typo
        ("退修申请", "PEN001"),  # a homophone from a pinyin keyboard
        ("丧葬费", "SUR001"),
        ("资格认证", "CER001"),
        ("gongshangrending", "WI001"),
        ("Ｔｕｉｘｉｕ", "PEN001"),  # full-width letters
        ("社保 转移", "TRA001"),
        ("unemployment benefit", "UNE001"),
        ("退休金", "PEN001"),  # a synonym of a curated keyword (养老金)
        ("yanglaojin", "PEN001"),  # ... typed in pinyin
        ("医保卡挂失", "CARD002"),  # what many call the card
        ("丢了社保卡", "CARD002"),  # the words in another order
        ("申请退休", "PEN001"),
        ("我要办退休", "PEN001"),  # with words that carry no meaning
        ("怎么交灵活就业社保", "REG006"),
        ("刷脸", "CER001"),
        ("退休申請", "PEN001"),  # traditional, with a word of its own
        ("tuixu", "PEN001"),  # a letter missing
    ],
)
def test_the_item_a_citizen_means_comes_first(index, query, code):
    hits = index.search(query)
    assert hits, query
    assert hits[0].key == code, (query, hits[:3])


def test_filters_narrow_the_results(index):
    employer_only = index.search("登记", facets={"applicant_type": "employer"}, limit=0)
    assert employer_only and all(h.key != "REG006" for h in employer_only)
    cards = index.search("", facets={"category": "card"}, limit=0)
    assert {h.key for h in cards} >= {"CARD001", "CARD002"} and all(h.key.startswith("CARD") for h in cards)
    kiosk = index.search("", facets={"channel": "kiosk"}, limit=0)
    assert "REC001" in {h.key for h in kiosk} and "PEN001" not in {h.key for h in kiosk}


def test_nonsense_finds_nothing(index):
    assert index.search("xqzvw") == []


def test_aliases_substitute_synonyms():
    groups = [("社会保障卡", "社保卡")]
    assert aliases("社会保障卡挂失", groups) == ["社保卡挂失"]


def test_a_name_with_many_synonym_words_gets_every_one_substituted_alone():
    """One synonym replaced at a time, every word of every group the name holds: a name with four groups
    (参保单位, 信息变更, ...) once got every combination, cut at 16, and lost single replacements."""
    groups = [("参保单位", "单位", "公司"), ("信息变更", "变更", "改信息"), ("登记", "备案")]
    assert set(aliases("参保单位信息变更登记", groups)) == {
        "单位信息变更登记",
        "公司信息变更登记",
        "参保单位变更登记",
        "参保单位改信息登记",
        "参保单位信息变更备案",
    }


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("canbaodanweibiangengdengji", "REG003"),  # 参保单位变更登记: 信息变更 → 变更
        ("canbaodanweigaixinxidengji", "REG003"),  # ... → 改信息
        ("linghuojiuyerenyuanshangshebao", "REG006"),  # 灵活就业人员上社保
        ("ziyouzhiyecanbaodengji", "REG006"),  # 自由职业参保登记
        ("nongcunjibenyanglaobaoxiancanbaodengji", "REG008"),  # 农村基本养老保险参保登记
        ("meigongzuobaoxiancanbaodengji", "REG013"),  # 没工作保险参保登记
    ],
)
def test_the_pinyin_of_a_name_said_with_a_synonym_finds_it(index, query, code):
    """Typed in pinyin, a synonym can only be matched through the name's variants (the words step reads
    Chinese): every name's variant with one synonym replaced must be there, however many groups it has."""
    assert [h.key for h in index.search(query)][:1] == [code]


def test_typo_distance_is_the_best_substring_match():
    assert typo_distance("申令", "失业保险金申领", 2) == 1
    assert typo_distance("abc", "xxabcxx", 2) == 0
    assert typo_distance("zzzz", "abc", 1) == 2


def test_a_query_is_cut_into_known_words_with_their_synonyms():
    vocabulary = {
        "社保卡": ("社会保障卡", "社保卡"),
        "丢了": ("挂失", "丢了"),
        "我要": ("我要",),
        "了": ("了",),
    }
    assert tokens("我要丢了社保卡", vocabulary) == [("挂失", "丢了"), ("社会保障卡", "社保卡")]
    assert tokens("社保卡在银川", vocabulary) == [("社会保障卡", "社保卡"), ("在银川",)]


def test_words_in_any_order_need_every_word(index):
    assert [h.key for h in index.search("丢了社保卡")][:1] == ["CARD002"]
    assert index.search("丢了护照") == []  # 护照 is in no item: no half matches


@given(
    pattern=st.text(alphabet="abcxy退休", min_size=1, max_size=12),
    text=st.text(alphabet="abcxy退休", max_size=30),
    limit=st.integers(min_value=0, max_value=3),
)
def test_the_bit_parallel_typo_distance_agrees_with_the_plain_table(pattern, text, limit):
    assert typo_distance(pattern, text, limit) == sellers_distance(pattern, text, limit)


@given(
    pattern=st.text(alphabet="abcxy退休", min_size=1, max_size=12),
    texts=st.lists(st.text(alphabet="abcxy退休", max_size=30), min_size=32, max_size=40),
    limit=st.integers(min_value=0, max_value=3),
)
def test_many_texts_measured_at_once_agree_with_the_plain_table(pattern, texts, limit):
    expected = [sellers_distance(pattern, text, limit) for text in texts]
    assert typo_distances(pattern, texts, limit) == expected
    if pattern.isascii() and all(text.isascii() for text in texts):  # as the pinyin index holds them
        assert typo_distances(pattern.encode(), [t.encode() for t in texts], limit) == expected


def linear_search(index, query, facets=None, limit=20):
    """Every document scored one at a time by the rules themselves (`_score`, `_words`): what the
    postings, the first tier and the array scoring only shortcut."""
    wanted = {name: value for name, value in (facets or {}).items() if value}
    q = normalise(query)
    sound = pinyin_of(q)[0] if not q.isascii() else ""
    english = _english_words(query) if q.isascii() else ()
    passing = [e for e in index.entries if all(v in e.doc.facets.get(n, ()) for n, v in wanted.items())]
    hits = [Hit(e.doc.key, *index._score(q, sound, english, e)) for e in passing]
    hits = [h for h in hits if h.score > 0]
    if not hits and not q.isascii():
        words = index.segment(q, index.vocabulary)
        scored = [(e.doc.key, index._words(words, e) if words else 0.0) for e in passing]
        hits = [Hit(key, score, "words") for key, score in scored if score > 0]
    if not hits:
        hits = index._typos(q, index._passing(wanted), 0)
    hits.sort(key=lambda h: ranked_as(index, h.score, h.key))
    return hits[:limit] if limit else hits


def test_every_form_s_pinyin_is_its_pieces_pinyin_one_after_the_other(index):
    # All the forms' pinyin is worked out at once (joined, split, joined again); each must be what its
    # own pieces give, with the syllables starting where theirs do.
    forms = [form for entry in index.entries for form in entry.forms]
    assert len(forms) > 500
    for form in forms:
        full, initials, starts, offset = "", "", set(), 0
        for piece, _known in pieces(form.text, index.vocabulary):
            piece_full, piece_initials, piece_starts = pinyin_of(piece)
            full, initials = full + piece_full, initials + piece_initials
            starts |= {offset + at for at in piece_starts}
            offset += len(piece_full)
        assert (form.pinyin, form.initials, form.syllable_starts) == (full, initials, starts), form.text


def later_syllables(index):
    """Three letters of pinyin whose first place in a form is inside a syllable and a later place
    starts one: a match from a syllable start that only the later place gives."""
    found = set()
    for entry in index.entries:
        for form in entry.forms:
            for start in form.syllable_starts:
                q = form.pinyin[start : start + 3]
                if len(q) == 3 and form.pinyin.find(q) not in form.syllable_starts:
                    found.add(q)
    assert found
    return sorted(found)


def test_the_shortcuts_rank_as_scoring_every_document_one_at_a_time(index):
    """The postings, the first tier and the array scoring are only shortcuts: every query, at every
    limit and with a filter, ranks as scoring every document one at a time does."""
    queries = [
        "退休",
        "tuixiu",
        "tx",
        "sbkgs",
        "退修申请",
        "社會保障卡",
        "丢了社保卡",
        "shiyebaoxinjin",
        "工伤 认定",
        "unemployment benefit",
        "card",
        "id",
        "养老金",
        "yanglaojin",
        "我要办退休",
        "退休申",  # characters in order
        "保证",
        "xiu",
    ]
    queries += [e.forms[0].text[1:4] for e in index.entries[::7]] + [
        e.forms[0].pinyin[2:9] for e in index.entries[::9]
    ]
    queries += [e.forms[-1].text[:3] for e in index.entries[::4]]  # the start of an alias
    queries += [e.forms[0].text[::2] for e in index.entries[::8]]
    queries += [e.forms[0].initials[1:3] for e in index.entries[::11]]
    queries += [e.english.split(" ")[-1][:5] for e in index.entries[::5] if e.english]
    queries += [k for e in index.entries[::6] for k in e.keyword_set]
    queries += [k for e in index.entries for k in e.keyword_aliases]
    queries += [p for e in index.entries for p in e.keyword_pinyins][::3]
    queries += later_syllables(index)
    found = {q: index.search(q, limit=0) for q in queries}
    assert sum(bool(hits) for hits in found.values()) > 0.8 * len(queries)
    for q in queries:
        assert found[q] == linear_search(index, q, limit=0), q
        for limit in (1, 3, 20):
            assert index.search(q, limit=limit) == linear_search(index, q, limit=limit), (q, limit)
        online = {"channel": "online"}
        assert index.search(q, facets=online, limit=5) == linear_search(index, q, online, 5), q
