"""The knowledge base's content (no database): the hand-written policy answers in data/knowledge.txt, the
handling answers every catalogue item gives (its materials; where, how and how long), and the ranker
over them all (shebao.core.textsearch.ranking, with the catalogue's synonym table and the consultation's).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation

from shebao.catalog.models import Channel, MaterialForm, Requirement
from shebao.catalog.search import synonyms as catalogue_synonyms
from shebao.core.textsearch import parse_synonyms
from shebao.core.textsearch.ranking import AnswerRanker, Vocabulary

DATA = Path(__file__).resolve().parent / "data"
ITEM_SOURCE = "item:"
PAGE_SOURCE = "page:"
MATERIAL_WORDS = ("材料", "带", "准备")  # a question with these asks what to bring
ITEM_WEIGHT = 0.85


@dataclass(frozen=True)
class Pair:
    key: str
    topic: str
    question: str
    answer: str
    alternatives: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (self.question, *self.alternatives)

    @property
    def weight(self) -> float:
        """A generated handling answer gives way to a written one that matches as well."""
        return ITEM_WEIGHT if self.key.startswith("item.") else 1.0

    @property
    def item_codes(self) -> list[str]:
        return [s.removeprefix(ITEM_SOURCE) for s in self.sources if s.startswith(ITEM_SOURCE)]

    @property
    def pages(self) -> list[str]:
        return [s.removeprefix(PAGE_SOURCE) for s in self.sources if s.startswith(PAGE_SOURCE)]


def parse(text: str) -> list[Pair]:
    """Pairs from the knowledge file's format (see the head of data/knowledge.txt)."""
    pairs, block = [], None
    for line in [*text.splitlines(), "## end"]:
        if line.startswith("## "):
            if block is not None:
                pairs.append(_pair(block))
            block = {"head": line[3:], "Q": "", "A": "", "~": []}
        elif block is not None and line[:2] in ("Q ", "A ", "~ "):
            mark, value = line[0], line[2:].strip()
            block[mark] = [*block[mark], value] if mark == "~" else value
    return pairs


def _pair(block: dict) -> Pair:
    key, topic, *rest = (part.strip() for part in block["head"].split("|"))
    sources = tuple(s.strip() for s in (rest[0] if rest else "").split(";") if s.strip())
    if not (block["Q"] and block["A"]):
        raise ValueError(f"knowledge pair {key!r} needs a question (Q) and an answer (A)")
    return Pair(key, topic, block["Q"], block["A"], tuple(block["~"]), sources)


@functools.cache
def base_pairs() -> tuple[Pair, ...]:
    return tuple(parse((DATA / "knowledge.txt").read_text(encoding="utf-8")))


@dataclass(frozen=True)
class ItemFacts:
    """What a guide says that handling questions ask about."""

    code: str
    name: str
    keywords: str = ""
    channels: tuple[str, ...] = ()
    instant: bool = False
    time_limit_days: int = 0
    materials: tuple[tuple[str, str, str, int | None], ...] = ()  # name, form, requirement, defer days


def item_pairs(item: ItemFacts, *, handled: bool = False) -> list[Pair]:
    """The answers an item gives: what to bring, and where, how and how long, unless a written answer
    already handles the item (`handled`). In simplified Chinese, the language the base is kept in; the
    guide it links to is in the reader's language."""
    with translation.override("zh-hans"):
        return [_materials_pair(item)] + ([] if handled else [_handling_pair(item)])


def handled_items(pairs: Iterable[Pair]) -> set[str]:
    """The items whose handling a written answer gives (its first source)."""
    return {
        p.sources[0].removeprefix(ITEM_SOURCE)
        for p in pairs
        if p.sources[:1] and p.sources[0].startswith(ITEM_SOURCE)
    }


def _materials_pair(item: ItemFacts) -> Pair:
    name = item.name
    listed = "；".join(
        _material_text(name, form, requirement) for name, form, requirement, _ in item.materials
    )
    listed = listed or "身份证件"
    deferrable = [m for m in item.materials if m[2] == Requirement.DEFERRABLE]
    within = max((m[3] or 0 for m in deferrable), default=0)
    later = (
        "其中" + "、".join(m[0] for m in deferrable) + "暂时没有的可以先受理（容缺办理），"
        + (f"{within}个工作日内补交。" if within else "之后补交。")
        if deferrable
        else ""
    )  # fmt: skip
    return Pair(
        f"item.{item.code}.materials",
        "handling",
        f"办理{name}需要带哪些材料？",
        f"办理{name}需要：{listed}。{later}完整要求见办事指南。",
        (f"{name}要准备什么材料", f"{name}要带什么证件", f"{name}需要哪些资料"),
        (ITEM_SOURCE + item.code,),
    )


def _material_text(name: str, form: str, requirement: str) -> str:
    kind = {MaterialForm.ORIGINAL: "原件", MaterialForm.COPY: "复印件"}.get(form, "")
    note = "（如有）" if requirement == Requirement.OPTIONAL else ""
    return f"{name}{kind}{note}"


def _handling_pair(item: ItemFacts) -> Pair:
    name = item.name
    where = "、".join(str(Channel(c).label) for c in item.channels if c in Channel.values) or "服务窗口"
    when = "材料齐全的当场办结" if item.instant else f"承诺{item.time_limit_days}个工作日内办结"
    keywords = tuple(f"{k}怎么办" for k in item.keywords.split() if k)[:3]
    return Pair(
        f"item.{item.code}.handling",
        "handling",
        f"{name}怎么办理？在哪里办，多久能办好？",
        f"{name}可以通过{where}办理，{when}。任一服务窗口都能受理，也可以先预约再去。",
        (f"{name}怎么办", f"{name}在哪里办", f"{name}能不能网上办", f"{name}要多长时间", *keywords),
        (ITEM_SOURCE + item.code,),
    )


@functools.cache
def vocabulary_groups() -> tuple[tuple[str, ...], ...]:
    """The catalogue's synonym table and the words only questions use (data/synonyms.txt)."""
    own = parse_synonyms((DATA / "synonyms.txt").read_text(encoding="utf-8"))
    return (*own, *catalogue_synonyms())  # ours first: a question's 领养老金 is the pension, not retiring


def ranker(pairs: Sequence[Pair]) -> AnswerRanker:
    """The ranker over `pairs`, with the synonym tables as the domain dictionary."""
    vocabulary = Vocabulary(vocabulary_groups())
    bring = frozenset(w for word in MATERIAL_WORDS for w in vocabulary.words(word))
    intents = {
        "materials": (bring, frozenset(n for n, p in enumerate(pairs) if p.key.endswith(".materials")))
    }
    return AnswerRanker([(p.key, p.phrasings, p.answer, p.weight) for p in pairs], vocabulary, intents)
