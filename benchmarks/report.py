"""One table format for every benchmark: our figure beside a baseline measured in the same run."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Row:
    measure: str
    ours: float
    baseline: float
    unit: str
    lower_is_better: bool = True

    @property
    def ratio(self) -> float:
        """How many times better ours is than the baseline (>1 means ours wins)."""
        if self.lower_is_better:
            return self.baseline / self.ours if self.ours else float("inf")
        return self.ours / self.baseline if self.baseline else float("inf")


def print_table(title: str, baseline_name: str, rows: Sequence[Row], notes: Sequence[str] = ()) -> None:
    print(f"\n### {title}\n")
    print(f"| measure | ours | {baseline_name} | unit | ours vs baseline |")
    print("|---|---:|---:|---|---:|")
    for r in rows:
        print(f"| {r.measure} | {r.ours:,.3f} | {r.baseline:,.3f} | {r.unit} | {verdict(r.ratio)} |")
    for note in notes:
        print(f"\n{note}")


def verdict(ratio: float) -> str:
    """Say "3.50× better" or "50.00× worse": a ratio below 1 read the right way round."""
    if ratio >= 1:
        return f"{ratio:,.2f}× better"
    return f"{1 / ratio:,.2f}× worse" if ratio else "no result"


def percentile(samples: Sequence[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]
