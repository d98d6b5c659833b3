"""Where to open new points: the maximal covering location problem (MCLP), no database.

Given demand points with weights (uncovered people), candidate sites and k, choose k sites that cover the
most weight; a site covers a demand point within that point's service radius (15-minute walk or 5 km).
MCLP is NP-hard. We combine three cheap steps:

1. greedy selection (within 1-1/e of the optimum in theory, a few per cent off in practice);
2. swap local search: drop one chosen site for the best other while that strictly gains;
3. Lagrangian relaxation of the coverage constraints, solved by subgradient steps (Galvão & ReVelle
   1996): each step is one sparse product, gives an upper bound on what any k sites can cover, and
   proposes a set of k sites; the best proposals are polished by the swap search.

The answer is the best set found, with the upper bound, so the page can say how far from the best
possible it is at most. The benchmark compares it with the exact integer programme solved by CBC.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from shebao.network.geo import m_to_chord, unit_vectors

TOLERANCE = 1e-4  # an answer proven within 0.01 % of the best possible needs no more work


@dataclass(frozen=True)
class Siting:
    chosen: list[int]  # candidate rows, in the order they were picked
    covered_weight: float
    covered: np.ndarray  # per demand point: bool
    upper_bound: float | None = None  # no choice of k sites covers more (None when not computed)

    @property
    def gap(self) -> float | None:
        """How far below the best possible the answer is at most, as a share of the bound."""
        if self.upper_bound is None:
            return None
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, 1 - self.covered_weight / self.upper_bound)


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


def _cols(a: sparse.csr_matrix, row: int) -> np.ndarray:
    """Demand points a candidate covers (a view into the matrix, no copy: this runs in the inner loops)."""
    return a.indices[a.indptr[row] : a.indptr[row + 1]]


def greedy(
    a: sparse.csr_matrix, weights: np.ndarray, k: int, start: list[int] = (), banned: list[int] = ()
) -> list[int]:
    """Add the site that covers the most uncovered weight until there are k (from `start`)."""
    w = np.asarray(weights, dtype=float)
    chosen = list(start)
    uncovered = _counts(a, chosen) == 0
    for _ in range(min(k, a.shape[0]) - len(chosen)):
        gains = a @ (w * uncovered)
        gains[chosen] = -1
        gains[list(banned)] = -1
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break  # nothing left to cover: fewer than k sites are worth opening
        chosen.append(best)
        uncovered[_cols(a, best)] = False
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
            cols = _cols(a, s)
            alone = cols[count[cols] == 1]  # covered by s only: lost when s goes
            free = w * (count == 0)
            free[alone] = w[alone]
            gains = a @ free
            gains[chosen] = -np.inf
            c = int(np.argmax(gains))
            if gains[c] - float(w[alone].sum()) > eps:
                count[cols] -= 1
                count[_cols(a, c)] += 1
                chosen[pos] = c
                improved = True
        if not improved:
            break
    return chosen


@dataclass
class Relaxation:
    upper_bound: float
    proposals: list[tuple[float, list[int]]]  # (covered weight, sites), best first


def lagrangian(
    a: sparse.csr_matrix,
    weights: np.ndarray,
    k: int,
    lower_bound: float,
    iterations: int = 150,
    at: sparse.csr_matrix | None = None,
) -> Relaxation:
    """Relax "a demand point counts only if a chosen site covers it" with multipliers λ ≥ 0:
    L(λ) = Σ max(0, w_i − λ_i) + (sum of the k largest Σ_i a_ji λ_i) bounds every choice of k sites.
    Subgradient steps lower the bound; the k sites each step picks are kept as proposals."""
    w = np.asarray(weights, dtype=float)
    k = min(k, a.shape[0])
    at = a.T.tocsr() if at is None else at
    lam = w / 2
    bound, theta, stall = np.inf, 2.0, 0
    seen: dict[frozenset[int], float] = {}
    best = lower_bound
    for _ in range(iterations):
        score = a @ lam
        top = np.argpartition(-score, k - 1)[:k]
        take = w > lam
        value = float((w - lam)[take].sum() + score[top].sum())
        if value < bound - 1e-9:
            bound, stall = value, 0
        else:
            stall += 1
            if stall >= 10:
                theta, stall = theta / 2, 0
        x = np.zeros(a.shape[0])
        x[top] = 1.0
        hits = at @ x
        key = frozenset(top.tolist())
        if key not in seen:
            seen[key] = float(w[hits > 0].sum())
            best = max(best, seen[key])
        step = take.astype(float) - hits
        norm = float(step @ step)
        if norm == 0 or bound - best <= TOLERANCE * bound or theta < 1e-3:
            break  # proven good enough, or the steps have become too small to move the bound
        lam = np.maximum(0.0, lam + theta * (value - best) / norm * step)
    proposals = heapq.nlargest(8, ((v, sorted(s)) for s, v in seen.items()))
    return Relaxation(upper_bound=bound, proposals=proposals)


def _result(a: sparse.csr_matrix, weights: np.ndarray, chosen: list[int]) -> Siting:
    covered = _counts(a, chosen) > 0
    return Siting(chosen=chosen, covered_weight=float(np.asarray(weights)[covered].sum()), covered=covered)


def solve(a: sparse.csr_matrix, weights: np.ndarray, k: int, polish: int = 2) -> Siting:
    """Greedy and swaps, then the Lagrangian's best `polish` proposals swapped too; the best of them,
    with the Lagrangian upper bound."""
    w = np.asarray(weights, dtype=float)
    if a.shape[0] == 0 or k <= 0 or not w.any():
        return _result(a, w, [])
    at = a.T.tocsr()
    best = _result(a, w, swap_improve(a, w, greedy(a, w, k)))
    relaxation = lagrangian(a, w, k, best.covered_weight, at=at)
    bound = max(relaxation.upper_bound, best.covered_weight)
    for _value, sites in relaxation.proposals[:polish]:
        if best.covered_weight >= bound * (1 - TOLERANCE):
            break  # proven (near) optimal
        tried = _result(a, w, swap_improve(a, w, sites))
        if tried.covered_weight > best.covered_weight:
            best = tried
    return Siting(_pick_order(a, w, best.chosen), best.covered_weight, best.covered, upper_bound=bound)


def _pick_order(a: sparse.csr_matrix, w: np.ndarray, sites: list[int]) -> list[int]:
    """The same sites, most newly covered people first (the order a manager would open them in)."""
    return [sites[i] for i in greedy(a[sites], w, len(sites))] if sites else []


def brute_force(a: sparse.csr_matrix, weights: np.ndarray, k: int) -> Siting:
    """Every k-subset: the exact optimum for tiny instances (tests)."""
    best: list[int] = []
    best_w = -1.0
    for combo in combinations(range(a.shape[0]), min(k, a.shape[0])):
        result = _result(a, weights, list(combo))
        if result.covered_weight > best_w:
            best, best_w = list(combo), result.covered_weight
    return _result(a, weights, best)
