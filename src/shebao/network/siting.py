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

TOLERANCE = 1e-3  # an answer proven within 0.1 % of the best possible needs no more work
ROUNDS = 4  # at most this many rounds of (more Lagrangian steps, polish more proposals) while it is not
STEPS = 150  # Lagrangian steps in a round


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


def _gather(m: sparse.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The column indices of `rows` of `m`, one after the other, and how many each row has: the
    rows' slices of `m.indices` in one vectorised step (this runs in every inner loop)."""
    rows = np.asarray(rows, dtype=np.int64)
    ends = m.indptr[rows + 1]
    lengths = ends - m.indptr[rows]
    at = np.repeat(ends - np.cumsum(lengths), lengths) + np.arange(int(lengths.sum()))
    return m.indices[at], lengths


def _counts(a: sparse.csr_matrix, chosen) -> np.ndarray:
    """Per demand point: how many of the chosen sites cover it."""
    return np.bincount(_gather(a, chosen)[0], minlength=a.shape[1])


def _spread(at: sparse.csr_matrix, points: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per site: the sum of `values` over the `points` it covers (`at` is the demand x site matrix)."""
    sites, lengths = _gather(at, points)
    return np.bincount(sites, weights=np.repeat(values, lengths), minlength=at.shape[1])


def _cols(a: sparse.csr_matrix, row: int) -> np.ndarray:
    """Demand points a candidate covers (a view into the matrix, no copy: this runs in the inner loops)."""
    return a.indices[a.indptr[row] : a.indptr[row + 1]]


def greedy(
    a: sparse.csr_matrix, weights: np.ndarray, k: int, at: sparse.csr_matrix | None = None
) -> list[int]:
    """Add the site that covers the most uncovered weight until there are k. The gains are kept up to
    date by taking away the people each pick covers, not recomputed from scratch."""
    w = np.asarray(weights, dtype=float)
    at = a.T.tocsr() if at is None else at
    chosen: list[int] = []
    uncovered = np.ones(a.shape[1], dtype=bool)
    gains = a @ w
    blocked = np.zeros(a.shape[0], dtype=bool)
    eps = 1e-9 * max(1.0, float(w.sum()))
    for _ in range(min(k, a.shape[0])):
        best = int(np.argmax(np.where(blocked, -1.0, gains)))
        if blocked[best] or gains[best] <= eps:
            break  # nothing left to cover: fewer than k sites are worth opening
        chosen.append(best)
        blocked[best] = True
        cols = _cols(a, best)
        newly = cols[uncovered[cols]]
        uncovered[newly] = False
        gains -= _spread(at, newly, w[newly])
    return chosen


def swap_improve(
    a: sparse.csr_matrix,
    weights: np.ndarray,
    chosen: list[int],
    max_rounds: int = 50,
    at: sparse.csr_matrix | None = None,
) -> list[int]:
    """Replace a chosen site by a better unchosen one while that strictly increases the covered weight.

    What a site would add is kept for the current choice (`open_gain`); dropping chosen site s adds,
    for every other site, the people only s covered that it covers too (a sum over s's few points)."""
    w = np.asarray(weights, dtype=float)
    at = a.T.tocsr() if at is None else at
    chosen = list(chosen)
    count = _counts(a, chosen)
    eps = 1e-9 * max(1.0, float(w.sum()))
    open_gain = a @ (w * (count == 0))
    for _ in range(max_rounds):
        improved = False
        for pos, s in enumerate(chosen):
            cols = _cols(a, s)
            alone = cols[count[cols] == 1]  # covered by s only: lost when s goes
            gains = open_gain + _spread(at, alone, w[alone])
            gains[chosen] = -np.inf
            c = int(np.argmax(gains))
            if gains[c] - float(w[alone].sum()) > eps:
                count[cols] -= 1
                count[_cols(a, c)] += 1
                chosen[pos] = c
                open_gain = a @ (w * (count == 0))
                improved = True
        if not improved:
            break
    return chosen


@dataclass
class Relaxation:
    upper_bound: float
    proposals: list[tuple[float, list[int]]]  # (covered weight, sites), best first
    multipliers: np.ndarray  # where the steps stopped, to go on from
    step: float


def lagrangian(
    a: sparse.csr_matrix,
    weights: np.ndarray,
    k: int,
    lower_bound: float,
    iterations: int = 150,
    at: sparse.csr_matrix | None = None,
    start: Relaxation | None = None,
) -> Relaxation:
    """Relax "a demand point counts only if a chosen site covers it" with multipliers λ ≥ 0:
    L(λ) = Σ max(0, w_i − λ_i) + (sum of the k largest Σ_i a_ji λ_i) bounds every choice of k sites.
    Subgradient steps lower the bound; the k sites each step picks are kept as proposals. `start`
    goes on from an earlier relaxation (its multipliers, step size and bound)."""
    w = np.asarray(weights, dtype=float)
    k = min(k, a.shape[0])
    lam = w / 2 if start is None else start.multipliers
    bound = np.inf if start is None else start.upper_bound
    theta, stall = (2.0 if start is None else start.step), 0
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
        hits = _counts(a, top)
        key = frozenset(top.tolist())
        if key not in seen:
            seen[key] = float(w[hits > 0].sum())
            best = max(best, seen[key])
        step = take.astype(float) - hits
        norm = float(np.square(step).sum())  # not `step @ step`: a threaded BLAS spins on a busy machine
        if norm == 0 or bound - best <= TOLERANCE * bound or theta < 1e-3:
            break  # proven good enough, or the steps have become too small to move the bound
        lam = np.maximum(0.0, lam + theta * (value - best) / norm * step)
    proposals = heapq.nlargest(8, ((v, sorted(s)) for s, v in seen.items()))
    return Relaxation(upper_bound=bound, proposals=proposals, multipliers=lam, step=theta)


def _result(a: sparse.csr_matrix, weights: np.ndarray, chosen: list[int]) -> Siting:
    covered = _counts(a, chosen) > 0
    return Siting(chosen=chosen, covered_weight=float(np.asarray(weights)[covered].sum()), covered=covered)


def solve(a: sparse.csr_matrix, weights: np.ndarray, k: int, polish: int = 2) -> Siting:
    """Greedy and swaps; then, while the answer is not proven within TOLERANCE of the Lagrangian upper
    bound (for at most ROUNDS rounds), more subgradient steps and the best `polish` new proposals
    swapped too. The best set found, with the bound."""
    w = np.asarray(weights, dtype=float)
    if a.shape[0] == 0 or k <= 0 or not w.any():
        return _result(a, w, [])
    at = a.T.tocsr()
    best = _result(a, w, swap_improve(a, w, greedy(a, w, k, at=at), at=at))
    relaxation, bound, tried = None, np.inf, set()
    for _ in range(ROUNDS):
        relaxation = lagrangian(a, w, k, best.covered_weight, STEPS, at=at, start=relaxation)
        bound = max(min(bound, relaxation.upper_bound), best.covered_weight)
        fresh = [sites for _v, sites in relaxation.proposals if tuple(sites) not in tried][:polish]
        for sites in fresh:
            if best.covered_weight >= bound * (1 - TOLERANCE):
                break
            tried.add(tuple(sites))
            found = _result(a, w, swap_improve(a, w, sites, at=at))
            if found.covered_weight > best.covered_weight:
                best = found
        if best.covered_weight >= bound * (1 - TOLERANCE) or relaxation.step < 1e-3:
            break  # proven (near) optimal, or the bound has stopped moving
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
