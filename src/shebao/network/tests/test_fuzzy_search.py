"""Fuzzy outlet search: substrings, characters in order, full pinyin and initials."""

from shebao.network.search import pinyin_keys, score


def test_pinyin_keys_give_full_pinyin_and_initials():
    assert pinyin_keys("观音桥") == ("guanyinqiao", "gyq")


def test_a_half_remembered_name_pinyin_or_initials_all_match():
    name = "重庆农商行观音桥支行社银服务点"
    assert score("观音桥", name) > 0
    assert score("农商观音", name) > 0  # characters in order, with gaps
    assert score("guanyinqiao", name) > 0
    assert score("GYQ", name) > 0
    assert score("解放碑", name) == 0
    assert score("", name) == 0


def test_a_name_match_ranks_above_an_address_or_pinyin_match():
    assert score("观音桥", "观音桥社区便民服务站") > score("观音桥", "江北区服务站", "观音桥步行街")
    assert score("观音桥", "观音桥社区便民服务站") > score("gyq", "观音桥社区便民服务站")
