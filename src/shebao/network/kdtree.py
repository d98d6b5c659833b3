"""A k-d tree over 3-D points (the outlets' unit vectors) for exact k-nearest queries, compiled (numba).

Why not scipy's cKDTree, which this replaced: its answers are the same, but a query from Python costs
15-30 µs, most of it the call (arguments parsed, result arrays made), for a walk that takes a few. Here the
walk and the call are a few microseconds, which is what an outlet map asked thousands of times a minute
needs. The tree is implicit: the points are reordered so that each node is a slice of them, node i's
children are 2i and 2i + 1, and a node keeps only its split axis and value; leaves hold at most `LEAF`.
`cache=True` keeps the machine code beside the module: a process compiles it once (about 8 s) or loads
it (a fifth of a second).
"""

from __future__ import annotations

import numpy as np
from numba import njit

LEAF = 12  # points in a leaf at most: below this a scan is cheaper than another level of the tree


class KDTree:
    def __init__(self, points: np.ndarray, labels: np.ndarray | None = None) -> None:
        """`points`: n x 3. Their order is kept by the answers (`query` gives rows of `points`).
        `labels`: a number per point that decides between points at the same distance, the lowest first
        (the outlets' ids; by default the row)."""
        self.n = len(points)
        self.labels = np.arange(self.n) if labels is None else np.asarray(labels, dtype=np.int64)
        self.points, self.rows, self.axes, self.splits, self.nodes = _build(
            np.ascontiguousarray(points, dtype=np.float64).reshape(-1, 3), LEAF
        )

    def query(self, x: tuple[float, float, float], k: int) -> tuple[np.ndarray, np.ndarray]:
        """(distances, rows) of the min(k, n) points nearest to `x`, nearest first, then by label: the
        first k of every point ranked by (distance, label), also where the k-th place falls among
        points at one distance."""
        distances, at = _query(
            self.points, self.rows, self.labels, self.axes, self.splits, self.nodes, x[0], x[1], x[2], k
        )
        return distances, self.rows[at]


def compile_steps() -> None:
    """Have numba compile (or load) the tree's code now: `compile_numba` calls this before serving."""
    KDTree(np.eye(3)).query((1.0, 0.0, 0.0), 1)


@njit(cache=True)
def _build(points, leaf):
    """(points reordered, their rows in `points`, split axis and value per node, number of inner nodes).
    Each node splits its slice at the median of its widest coordinate: its first half is the left child."""
    n = len(points)
    nodes = 1
    while nodes * leaf < n:
        nodes *= 2
    axes = np.zeros(nodes, np.int8)
    splits = np.zeros(nodes)
    rows = np.arange(n)
    ordered = points.copy()
    room = 2 * (int(np.log2(nodes)) + 3)
    stack = np.empty((room, 3), np.int64)  # (node, first, end)
    stack[0, 0], stack[0, 1], stack[0, 2] = 1, 0, n
    top = 1
    while top > 0:
        top -= 1
        node, lo, hi = stack[top, 0], stack[top, 1], stack[top, 2]
        if node >= nodes or hi - lo <= 1:
            continue  # a leaf
        axis = _widest(ordered, lo, hi)
        mid = (lo + hi) // 2
        part = np.argpartition(ordered[lo:hi, axis], mid - lo)
        ordered[lo:hi] = ordered[lo:hi][part]
        rows[lo:hi] = rows[lo:hi][part]
        axes[node], splits[node] = axis, ordered[mid, axis]
        stack[top, 0], stack[top, 1], stack[top, 2] = 2 * node, lo, mid
        stack[top + 1, 0], stack[top + 1, 1], stack[top + 1, 2] = 2 * node + 1, mid, hi
        top += 2
    return ordered, rows, axes, splits, nodes


@njit(cache=True)
def _widest(points, lo, hi):
    """The coordinate along which points[lo:hi] spread the most."""
    best_axis, best_spread = 0, -1.0
    for axis in range(3):
        low, high = np.inf, -np.inf
        for i in range(lo, hi):
            low, high = min(low, points[i, axis]), max(high, points[i, axis])
        if high - low > best_spread:
            best_axis, best_spread = axis, high - low
    return best_axis


@njit(cache=True)
def _query(points, rows, labels, axes, splits, nodes, x0, x1, x2, k):
    """Depth-first, the side of each split holding x first; a node is skipped when even its nearest
    possible point (the distance to the splits that bound it) is farther than the k-th found so far, so
    a node that may hold a point as near as the k-th is still looked at. The k best are kept sorted by
    (distance, label) by insertion (k is small); a label is read only between equal distances."""
    n = len(points)
    k = max(0, min(k, n))
    best = np.full(k, np.inf)  # squared distances, ascending
    at = np.full(k, -1, np.int64)
    room = 2 * (int(np.log2(max(nodes, 1))) + 3)
    stack = np.empty((room, 3), np.int64)  # (node, first, end)
    bounds = np.empty(room)  # squared distance from x to the node's region, at least
    stack[0, 0], stack[0, 1], stack[0, 2], bounds[0] = 1, 0, n, 0.0
    top = 1
    while top > 0:
        top -= 1
        bound = bounds[top]
        if k == 0 or bound > best[k - 1]:
            continue
        node, lo, hi = stack[top, 0], stack[top, 1], stack[top, 2]
        if node >= nodes or hi - lo <= 1:
            for i in range(lo, hi):
                d0, d1, d2 = points[i, 0] - x0, points[i, 1] - x1, points[i, 2] - x2
                d = d0 * d0 + d1 * d1 + d2 * d2
                if d < best[k - 1] or (d == best[k - 1] and labels[rows[i]] < labels[rows[at[k - 1]]]):
                    j = k - 1
                    while j > 0 and (
                        best[j - 1] > d or (best[j - 1] == d and labels[rows[at[j - 1]]] > labels[rows[i]])
                    ):
                        best[j], at[j] = best[j - 1], at[j - 1]
                        j -= 1
                    best[j], at[j] = d, i
            continue
        mid = (lo + hi) // 2
        axis = axes[node]
        diff = (x0 if axis == 0 else x1 if axis == 1 else x2) - splits[node]
        # The far side lies across the split: at least |diff| away (the left half is <= the split, the
        # right half >= it), and at least as far as the node itself.
        left_first = diff < 0
        near, far = (2 * node, 2 * node + 1) if left_first else (2 * node + 1, 2 * node)
        near_lo, near_hi = (lo, mid) if left_first else (mid, hi)
        far_lo, far_hi = (mid, hi) if left_first else (lo, mid)
        stack[top, 0], stack[top, 1], stack[top, 2], bounds[top] = (
            far,
            far_lo,
            far_hi,
            max(bound, diff * diff),
        )
        stack[top + 1, 0], stack[top + 1, 1], stack[top + 1, 2], bounds[top + 1] = (
            near,
            near_lo,
            near_hi,
            bound,
        )
        top += 2
    return np.sqrt(best), at
