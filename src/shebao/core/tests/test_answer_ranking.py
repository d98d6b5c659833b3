"""The answer ranker (core.textsearch.ranking, no database): a question finds its answer however it is
typed, by synonyms, pinyin (full or initials), traditional characters and typos of the same sound; words
of a question that mean nothing are dropped; an intent's words decide between answers that share the rest."""

import pytest

from shebao.core.textsearch.ranking import AnswerRanker, Vocabulary

GROUPS = [
    ("养老金", "退休金", "养老钱"),
    ("社会保障卡", "社保卡"),
    ("挂失", "丢了", "丢失"),
    ("材料", "资料"),
]
ANSWERS = [
    ("pay_day", ["养老金每月几号发", "退休金什么时候到账"], "每月中旬前发到社保卡。", 1.0),
    ("card_lost", ["社保卡丢了怎么办", "社会保障卡挂失"], "拨打12333挂失。", 1.0),
    ("retire_age", ["法定退休年龄是多少", "延迟退休以后几岁退休"], "男职工逐步延迟到63岁。", 1.0),
    ("card_how", ["社会保障卡申领怎么办理", "社保卡在哪里办"], "到银行网点办理。", 1.0),
    ("card_papers", ["社会保障卡申领需要哪些材料", "社保卡要带什么资料"], "身份证。", 1.0),
]


@pytest.fixture(scope="module")
def ranker():
    vocabulary = Vocabulary(GROUPS, ["退休年龄"])
    intents = {"materials": (frozenset({"材料"}), frozenset({4}))}
    return AnswerRanker(ANSWERS, vocabulary, intents)


def _top(ranker, question):
    ranked = ranker.rank(question, limit=3)
    return ranked[0].key if ranked else None


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("养老钱几号发", "pay_day"),  # a synonym of the answer's own word
        ("養老金每月幾號發", "pay_day"),  # traditional characters
        ("yanglaojin jihao fa", "pay_day"),  # pinyin
        ("shbzk guashi", "card_lost"),  # initials of a long word, and pinyin
        ("yanglaojn", "pay_day"),  # a letter missing
        ("退修年龄是多少", "retire_age"),  # 退修 sounds like 退休: a typo, read as the word
        ("养老经每月几号发", "pay_day"),  # 经 for 金
        ("社保卡在哪里办", "card_how"),
        ("办社保卡要准备什么资料", "card_papers"),  # the intent of materials decides
    ],
)
def test_a_question_finds_its_answer_however_it_is_typed(ranker, question, key):
    assert _top(ranker, question) == key


def test_a_question_of_nothing_but_empty_words_finds_nothing(ranker):
    assert ranker.rank("请问怎么办呢") == []
    assert ranker.rank("") == []


def test_the_best_covered_answer_is_the_most_confident(ranker):
    ranked = ranker.rank("社保卡丢了", limit=3)
    assert ranked[0].key == "card_lost" and ranked[0].coverage == 1.0
    assert ranked == sorted(ranked, key=lambda r: -r.confidence)
    assert all(r.score > 0 for r in ranked)


def test_the_words_of_a_question_are_each_group_s_first_word(ranker):
    words, guessed = ranker.vocabulary.query("我的社保卡丢了")
    assert words == ["社会保障卡", "挂失"] and guessed == []


def test_letters_a_letter_or_two_off_are_read_as_the_word_they_nearly_spell(ranker):
    assert ranker.vocabulary.query("shebaoak")[0] == ["社会保障卡"]  # two letters swapped
    assert ranker.vocabulary.query("tuixiunianling")[0] == ["退休年龄"]  # spelled right: no guess needed
    assert ranker.vocabulary.query("zzzzzzzz")[0] == []  # nothing near
