"""The held-out evaluation sets (data/evaluation*.tsv) and how a ranking is scored on it: top-1 and top-3
accuracy on the questions the base answers, and how many of those, and of those it cannot answer, are
answered confidently. Read by the tests and by `make bench`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from shebao.consult.knowledge import DATA

OUTSIDE = "-"  # a question the base cannot answer
TUNED, FRESH = "evaluation.tsv", "evaluation_fresh.tsv"  # the set the ranker was set on; one written after


def questions(name: str = TUNED) -> list[tuple[str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


@dataclass
class Scores:
    asked: int = 0
    top1: int = 0
    top3: int = 0
    confident_right: int = 0
    outside: int = 0
    outside_confident: list[str] = field(default_factory=list)

    @property
    def top1_share(self) -> float:
        return self.top1 / self.asked

    @property
    def top3_share(self) -> float:
        return self.top3 / self.asked


def score(rank: Callable[[str], list[tuple[str, bool]]], name: str = TUNED) -> Scores:
    """`rank(question)` gives the best (key, confident) first."""
    scores = Scores()
    for question, key in questions(name):
        ranked = rank(question)
        if key == OUTSIDE:
            scores.outside += 1
            if ranked and ranked[0][1]:
                scores.outside_confident.append(question)
            continue
        keys = [k for k, _ in ranked[:3]]
        scores.asked += 1
        scores.top1 += keys[:1] == [key]
        scores.top3 += key in keys
        scores.confident_right += bool(keys[:1] == [key] and ranked[0][1])
    return scores
