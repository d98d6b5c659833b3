"""Every item's legal basis cites only regulations in a maintained table (catalog/data/regulations.csv:
name, number, and the number of articles where it is known), so a mistyped number, an invented title or
an article past the end of a law cannot come back. Adding a citation means adding its row, checked."""

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
CITATION = re.compile(r"《(?P<name>[^》]+)》(?:（(?P<number>[^）]*)）)?(?P<rest>.*)")
DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int:
    """一百零三 → 103, 九十八 → 98, 十七 → 17 (article numbers as the laws write them)."""
    total, digit = 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            unit = {"十": 10, "百": 100}[ch]
            total += (digit or 1) * unit
            digit = 0
    return total + digit


def table() -> dict[tuple[str, str], int | None]:
    with open(DATA / "regulations.csv", encoding="utf-8", newline="") as f:
        return {
            (r["name"], r["number"]): int(r["articles"]) if r["articles"] else None for r in csv.DictReader(f)
        }


def problems(basis: str, known: dict) -> list[str]:
    found = []
    for part in filter(None, (p.strip() for p in basis.split("；"))):
        match = CITATION.match(part)
        name, number, rest = (
            (match["name"], match["number"] or "", match["rest"]) if match else (part, "", "")
        )
        if (name, number) not in known:
            found.append(f"not in the table: {part}")
            continue
        last = known[(name, number)]
        for article in re.findall(r"第([零一二三四五六七八九十百]+)条", rest):
            if last is not None and chinese_number(article) > last:
                found.append(f"{name} has {last} articles, not {article}")
    return found


def test_every_legal_basis_cites_only_regulations_in_the_table():
    known = table()
    with open(DATA / "items.csv", encoding="utf-8", newline="") as f:
        wrong = {r["code"]: problems(r["legal_basis"], known) for r in csv.DictReader(f)}
    assert {code: p for code, p in wrong.items() if p} == {}


@pytest.mark.parametrize(
    "basis",
    [
        "《中华人民共和国社会保险法》第九十九条",  # the law has 98 articles
        "《失业保险条例》（国务院令第259号）",  # 259 is the contribution regulations
        "《关于进一步做好创业担保贷款财政贴息工作的通知》（财金〔2020〕21号）",  # title and number mismatch
        "《社会保险法实施细则》",  # invented
    ],
)
def test_a_mistyped_or_invented_citation_is_caught(basis):
    assert problems(basis, table())


def test_articles_are_read_as_the_laws_write_them():
    assert [chinese_number(t) for t in ("十七", "二十", "九十八", "一百零三", "五")] == [17, 20, 98, 103, 5]
    assert problems("《中华人民共和国社会保险法》第九十八条", table()) == []
