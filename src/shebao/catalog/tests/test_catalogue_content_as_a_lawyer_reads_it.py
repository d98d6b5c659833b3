"""Issue 13, catalogue content: each line's legal basis read against the regulation. Each rule below is a
mistake a legal reviewer found in the seed catalogue; the test keeps it from coming back."""

import csv
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


def rows(kind: str) -> list[dict]:
    with open(DATA / f"{kind}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ITEMS = {r["code"]: r for r in rows("items")}


def materials_of(code: str) -> list[str]:
    return [r["key"] for r in rows("materials") if r["item_code"] == code]


def test_emp010_cites_the_notice_it_names():
    basis = ITEMS["EMP010"]["legal_basis"]
    assert "《关于进一步做好创业担保贷款财政贴息工作的通知》（财金〔2018〕22号）" in basis
    assert "财金〔2020〕21号" not in basis


def test_settling_abroad_neither_ends_the_pension_account_nor_suspends_the_pension():
    pen010 = ITEMS["PEN010"]["conditions"]
    assert (
        "丧失中华人民共和国国籍" in pen010 and "人力资源社会保障部令第13号" in ITEMS["PEN010"]["legal_basis"]
    )
    assert "出国（境）定居、" not in pen010 and "个人账户予以保留" in pen010
    pen008 = ITEMS["PEN008"]["conditions"]
    assert "出国定居或" not in pen008 and "定居不暂停" in pen008


def test_une003_rests_on_the_social_insurance_law_art_48_not_the_regulations_art_19():
    basis = ITEMS["UNE003"]["legal_basis"]
    assert "《中华人民共和国社会保险法》第四十八条" in basis and "第十九条" not in basis


def test_une005_asks_the_36_months_its_cited_notice_requires():
    assert "人社部发〔2017〕40号" in ITEMS["UNE005"]["legal_basis"]
    assert "36个月" in ITEMS["UNE005"]["conditions"] and "满1年" not in ITEMS["UNE005"]["conditions"]


def test_contributions_are_a_special_deduction_not_a_special_additional_one():
    assert "专项扣除" in ITEMS["REC012"]["conditions"] and "专项附加扣除" not in ITEMS["REC012"]["conditions"]


def test_pen018_gives_the_full_title_of_guobanfa_2006_29():
    assert (
        "《国务院办公厅转发劳动保障部关于做好被征地农民就业培训和社会保障工作指导意见的通知》（国办发〔2006〕29号）"
        in ITEMS["PEN018"]["legal_basis"]
    )


def test_card_items_rest_on_the_card_rules_not_on_the_social_security_number_article():
    cards = [r for r in ITEMS.values() if r["code"].startswith("CARD")]
    assert cards
    for row in cards:
        assert "社会保障卡" in row["legal_basis"] and "第五十八条" not in row["legal_basis"], row["code"]


@pytest.mark.parametrize(
    ("code", "document"), [("REG015", "foreigner_id_document"), ("REG016", "hmt_resident_document")]
)
def test_foreigners_and_hong_kong_macau_taiwan_residents_are_not_asked_for_a_resident_id(code, document):
    keys = materials_of(code)
    assert "resident_id_card" not in keys and keys[0] == document


def test_reg015_needs_the_work_permit():
    assert "work_permit" in materials_of("REG015")


def test_traditional_names_use_can_and_fa_not_ginseng_and_hair():
    for row in ITEMS.values():
        assert "蔘" not in row["name_zh_hant"] and "髮" not in row["name_zh_hant"], row["code"]
    assert ITEMS["REG015"]["name_zh_hant"] == "外國人參保登記"
    assert "發放" in ITEMS["PEN007"]["name_zh_hant"]
