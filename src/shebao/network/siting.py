"""Where to open new points: the maximal covering location problem (MCLP), no database.

Given demand points with weights (uncovered people), candidate sites and k, choose k sites that cover the
most weight; a site covers a demand point within that point's service radius (15-minute walk or 5 km).
MCLP is NP-hard; greedy selection is within 1-1/e of the optimum in theory and much closer in practice,
and a swap local search (drop one chosen site, add the best other) closes most of what remains. The
benchmark compares this with the exact integer programme solved by CBC on the same instance.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from shebao.network.geo import m_to_chord, unit_vectors


@dataclass(frozen=True)
class Siting:
    chosen: list[int]  # candidate rows, in the order they were picked
    covered_weight: float
    covered: np.ndarray  # per demand point: bool


def cover_matrix(demand_lats, demand_lngs, demand_radii_m, cand_lats, cand_lngs) -> sparse.csr_matrix:
    """A[c, d] = 1 when candidate c lies within demand point d's radius."""
    radii = np.asarray(demand_radii_m, dtype=float)
    d_vec = unit_vectors(demand_lats, demand_lngs)
    c_vec = unit_vectors(cand_lats, cand_lngs)
    n_c, n_d = len(c_vec), len(d_vec)
    if n_c == 0 or n_d == 0:
        return sparse.csr_matrix((n_c, n_d), dtype=np.float64)
    tree = cKDTree(d_vec)
    chord_limit = np.array([m_to_chord(r) for r in radii])
    rows, cols = [], []
    for c, near in enumerate(tree.query_ball_point(c_vec, m_to_chord(float(radii.max())))):
        if not near:
            continue
        near = np.asarray(near)
        ok = near[np.linalg.norm(d_vec[near] - c_vec[c], axis=1) <= chord_limit[near]]
        rows.extend([c] * len(ok))
        cols.extend(ok.tolist())
    data = np.ones(len(rows))
    return sparse.csr_matrix((data, (rows, cols)), shape=(n_c, n_d))


def _counts(a: sparse.csr_matrix, chosen: list[int]) -> np.ndarray:
    if not chosen:
        return np.zeros(a.shape[1])
    return np.asarray(a[chosen].sum(axis=0)).ravel()


def greedy(a: sparse.csr_matrix, weights: np.ndarray, k: int) -> list[int]:
    w = np.asarray(weights, dtype=float)
    uncovered = np.ones(a.shape[1], dtype=bool)
    chosen: list[int] = []
    for _ in range(min(k, a.shape[0])):
        gains = a @ (w * uncovered)
        gains[chosen] = -1
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break  # nothing left to cover: fewer than k sites are worth opening
        chosen.append(best)
        uncovered[a[best].indices] = False
    return chosen


def swap_improve(
    a: sparse.csr_matrix, weights: np.ndarray, chosen: list[int], max_rounds: int = 50
) -> list[int]:
    """Replace a chosen site by a better unchosen one while that strictly increases the covered weight."""
    w = np.asarray(weights, dtype=float)
    chosen = list(chosen)
    count = _counts(a, chosen)
    eps = 1e-9 * max(1.0, float(w.sum()))
    for _ in range(max_rounds):
        improved = False
        for pos, s in enumerate(chosen):
            only_s = np.zeros(a.shape[1], dtype=bool)
            cols = a[s].indices
            only_s[cols[count[cols] == 1]] = True
            loss = float(w[only_s].sum())
            gains = a @ (w * ((count == 0) | only_s))
            gains[chosen] = -np.inf
            c = int(np.argmax(gains))
            if gains[c] - loss > eps:
                count[cols] -= 1
                count[a[c].indices] += 1
                chosen[pos] = c
                improved = True
        if not improved:
            break
    return chosen


def _result(a: sparse.csr_matrix, weights: np.ndarray, chosen: list[int]) -> Siting:
    covered = _counts(a, chosen) > 0
    return Siting(chosen=chosen, covered_weight=float(np.asarray(weights)[covered].sum()), covered=covered)


def solve(a: sparse.csr_matrix, weights: np.ndarray, k: int) -> Siting:
    """Greedy, then swap improvement."""
    return _result(a, weights, swap_improve(a, weights, greedy(a, weights, k)))


def brute_force(a: sparse.csr_matrix, weights: np.ndarray, k: int) -> Siting:
    """Every k-subset: the exact optimum for tiny instances (tests)."""
    best: list[int] = []
    best_w = -1.0
    for combo in combinations(range(a.shape[0]), min(k, a.shape[0])):
        result = _result(a, weights, list(combo))
        if result.covered_weight > best_w:
            best, best_w = list(combo), result.covered_weight
    return _result(a, weights, best)
