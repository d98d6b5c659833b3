"""One table format for every benchmark: our figure beside a baseline measured in the same run.

How a figure is measured, so that a sceptic can accept it:
- latencies are single-shot: each query is timed once, and the methods take turns on every query
  (`interleaved`), so a busy moment of the shared machine falls on both sides alike;
- percentiles are compared with percentiles (never with a mean), and the machine's load is printed beside
  every table (`machine`);
- every goal of the issue is a `Goal` row: our figure, the baseline's, the ratio and whether it is met.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable, Sequence
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


@dataclass
class Goal:
    """One goal of the issue: `met` is decided by the benchmark from the figures shown beside it."""

    goal: str  # what is asked, in words ("p99 ≤ 0.5 ms, ≥ 50× brute force")
    measure: str
    ours: float
    baseline: float
    baseline_name: str
    unit: str
    met: bool
    lower_is_better: bool = True

    @property
    def ratio(self) -> float:
        return Row(self.measure, self.ours, self.baseline, self.unit, self.lower_is_better).ratio


def quick() -> bool:
    """`make bench-quick`: small sizes, to check the benchmarks run, not figures to quote."""
    return os.environ.get("BENCH_QUICK") == "1"


GOALS: list[Goal] = []  # every goal row printed in this run, for the summary at the end of `make bench`


def machine() -> str:
    """The machine and its load right now: a figure measured under load says so."""
    one, five, fifteen = os.getloadavg()
    return (
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; load average {one:.2f} / {five:.2f} / {fifteen:.2f} "
        f"(1 / 5 / 15 min); this process at nice {os.nice(0)}"
    )


def print_table(title: str, baseline_name: str, rows: Sequence[Row], notes: Sequence[str] = ()) -> None:
    print(f"\n### {title}\n")
    print(f"_{machine()}_\n")
    print(f"| measure | ours | {baseline_name} | unit | ours vs baseline |")
    print("|---|---:|---:|---|---:|")
    for r in rows:
        print(f"| {r.measure} | {r.ours:,.3f} | {r.baseline:,.3f} | {r.unit} | {verdict(r.ratio)} |")
    for note in notes:
        print(f"\n{note}")


def print_goals(title: str, goals: Sequence[Goal], notes: Sequence[str] = ()) -> None:
    """The goal rows of a benchmark, each with our figure, the baseline, the ratio and met or not."""
    GOALS.extend(goals)
    print(f"\n### Goals: {title}\n")
    print(f"_{machine()}_\n")
    print(goal_table(goals))
    for note in notes:
        print(f"\n{note}")


def goal_table(goals: Sequence[Goal]) -> str:
    lines = ["| goal | measure | ours | baseline | unit | ratio | met |", "|---|---|---:|---:|---|---:|---|"]
    for g in goals:
        lines.append(
            f"| {g.goal} | {g.measure} | {g.ours:,.3f} | {g.baseline:,.3f} ({g.baseline_name}) | {g.unit} "
            f"| {verdict(g.ratio)} | {'yes' if g.met else '**no**'} |"
        )
    return "\n".join(lines)


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


def interleaved(
    methods: dict[str, Callable], inputs: Sequence, warmup: Sequence = ()
) -> tuple[dict[str, list[float]], dict]:
    """Time each method once on each input (single-shot, in ms), the methods taking turns and their order
    rotating from one input to the next; before each call the process yields the processor, so a call
    is not charged for being preempted at the end of a long one before it (on a shared machine the
    brute force's 100 ms calls would otherwise push the next query's into the scheduler's queue).
    `warmup`: inputs each method is called on first, their times thrown away (inputs of their own):
    the first calls after an earlier phase of a benchmark pay for it, both methods alike.
    Returns the samples and every answer, by method name."""
    if warmup:
        interleaved(methods, warmup)  # the same calls, their times and answers thrown away
    names = list(methods)
    samples: dict[str, list[float]] = {n: [] for n in names}
    answers: dict[str, list] = {n: [] for n in names}
    for i, arg in enumerate(inputs):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            os.sched_yield()  # start each timed call on a fresh time slice, not the end of the last one's
            start = time.perf_counter()
            answer = methods[name](*arg) if isinstance(arg, tuple) else methods[name](arg)
            samples[name].append((time.perf_counter() - start) * 1000)
            answers[name].append(answer)
    return samples, answers
