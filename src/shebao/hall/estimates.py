"""Wait estimates and queue statistics. Pure: the selectors feed them numbers from the database."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

# Below this many recent services the category's configured average is a better guess than a median.
MIN_SAMPLES = 3


def typical_service_seconds(recent: Sequence[float], default_seconds: float) -> float:
    """The median of recent service times (robust to the one case that took an hour), or the default."""
    samples = [s for s in recent if s >= 0]
    if len(samples) < MIN_SAMPLES:
        return default_seconds
    return float(statistics.median(samples))


def estimate_wait_minutes(
    *, ahead: int, windows: int, recent_service_seconds: Sequence[float], default_seconds: float
) -> int | None:
    """Minutes until a visitor with `ahead` tickets before them is called, when `windows` windows serve
    their category. Each window takes one of those ahead per typical service time; the current services
    are assumed half done. None when no window serves the category now (say so rather than guess)."""
    if windows <= 0:
        return None
    if ahead < 0:
        raise ValueError("ahead must be 0 or more")
    per_service = typical_service_seconds(recent_service_seconds, default_seconds)
    rounds = ahead / windows + 0.5
    return max(0, math.ceil(rounds * per_service / 60))


def distribution(samples: Sequence[float], edges: Sequence[float]) -> list[int]:
    """Counts of samples in [edges[i], edges[i+1]) and a last bucket for everything from edges[-1] on."""
    counts = [0] * len(edges)
    for s in samples:
        for i in range(len(edges) - 1, -1, -1):
            if s >= edges[i]:
                counts[i] += 1
                break
    return counts


def quantile(samples: Sequence[float], q: float) -> float | None:
    """Nearest-rank quantile (q in 0..1); None for no samples."""
    ordered = sorted(samples)
    if not ordered:
        return None
    k = max(0, min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1))
    return ordered[k]
