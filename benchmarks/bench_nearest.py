"""Nearest-k outlet latency: the k-d tree index vs a brute-force NumPy haversine scan, same queries.

Outlets are drawn like the demo network (clustered around district seats over Chongqing's 82,000 km²);
13,357 is Chongqing's network, 500,000 a national one. Queries are random points in the same area.
"""

import time

import numpy as np

from benchmarks.report import Row, percentile, print_table
from shebao.network.nearest import NearestIndex, brute_force_nearest

K = 10
QUERIES = 500
REPEAT = 3  # each query's time is its best of three: the machine is shared, and a preempted run says
# nothing about either method (both sides are measured the same way)


def outlets(n: int, rng) -> tuple[np.ndarray, np.ndarray]:
    seats_lat, seats_lng = rng.uniform(28.2, 32.1, 38), rng.uniform(105.3, 110.1, 38)
    which = rng.integers(0, 38, n)
    spread = rng.choice([0.02, 0.15], n, p=[0.4, 0.6])
    return seats_lat[which] + rng.normal(0, spread), seats_lng[which] + rng.normal(0, spread)


def timed(fn, queries) -> list[float]:
    samples = []
    for lat, lng in queries:
        best = float("inf")
        for _ in range(REPEAT):
            start = time.perf_counter()
            fn(lat, lng)
            best = min(best, time.perf_counter() - start)
        samples.append(best * 1000)
    return samples


def run(n: int, rng) -> tuple[list[Row], str]:
    lats, lngs = outlets(n, rng)
    start = time.perf_counter()
    index = NearestIndex(np.arange(n), lats, lngs)
    build_ms = (time.perf_counter() - start) * 1000
    queries = list(zip(rng.uniform(28.2, 32.1, QUERIES), rng.uniform(105.3, 110.1, QUERIES), strict=True))
    mask = rng.random(n) < 0.3  # "accepts this item and is open now": about a third of the points
    ours = timed(lambda a, b: index.nearest(a, b, K), queries)
    base = timed(lambda a, b: brute_force_nearest(lats, lngs, a, b, K), queries)
    ours_f = timed(lambda a, b: index.nearest(a, b, K, mask), queries)
    allowed = np.flatnonzero(mask)
    base_f = timed(lambda a, b: brute_force_nearest(lats[allowed], lngs[allowed], a, b, K), queries)
    label = f"{n:,} outlets"
    return [
        Row(f"{label}: nearest-{K} p50", percentile(ours, 50), percentile(base, 50), "ms"),
        Row(f"{label}: nearest-{K} p99", percentile(ours, 99), percentile(base, 99), "ms"),
        Row(f"{label}: with a 30% filter p50", percentile(ours_f, 50), percentile(base_f, 50), "ms"),
        Row(f"{label}: with a 30% filter p99", percentile(ours_f, 99), percentile(base_f, 99), "ms"),
    ], f"{label}: index build {build_ms:.1f} ms (once per process and per change; no baseline equivalent)."


def main() -> None:
    rng = np.random.default_rng(20261124)
    small, small_note = run(13_357, rng)
    large, large_note = run(500_000, rng)
    rows = small + large
    print_table(
        "Nearest outlets: k-d tree on unit vectors vs brute-force haversine",
        "NumPy brute force",
        rows,
        notes=[
            f"{QUERIES} random queries per size, k={K}, each timed as its best of {REPEAT} runs;"
            " same answers (test_nearest_is_exact, test_nearest_with_filters_is_exact).",
            "The filtered baseline scans only the outlets that pass the filter, handed to it for free.",
            small_note,
            large_note,
        ],
    )


if __name__ == "__main__":
    main()
