"""Where to open new points: the maximal covering location problem (MCLP), no database.

Given demand points with weights (uncovered people), candidate sites and k, choose k sites that cover the
most weight; a site covers a demand point within that point's service radius (15-minute walk or 5 km).
MCLP is NP-hard. The points the same sites cover are first made one (`merge_points`: a third of them
are left), then three cheap steps:

1. greedy selection (within 1-1/e of the optimum in theory, a few per cent off in practice);
2. swap local search: drop one chosen site for the best other while that strictly gains;
3. Lagrangian relaxation of the coverage constraints, solved by subgradient steps (Galvão & ReVelle
   1996): each step is one sparse product, gives an upper bound on what any k sites can cover, and
   proposes a set of k sites; the best proposals are polished by the swap search. A point only one site
   covers is not relaxed, and each multiplier is stepped in proportion to its point's people.

The answer is the best set found, with the upper bound, so the page can say how far from the best
possible it is at most. The benchmark compares it with the exact integer programme solved by CBC.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np
from numba import njit
from scipy import sparse
from scipy.spatial import cKDTree

from shebao.network.geo import m_to_chord, unit_vectors

TOLERANCE = 1e-3  # an answer proven within 0.1 % of the best possible needs no more work
ROUNDS = 4  # at most this many rounds of (more Lagrangian steps, polish more proposals) while it is not
STEPS = 150  # Lagrangian steps in a round
# A round also ends once its step has been halved three times: the bound has stalled, most often because
# the answer it is measured against is too low, and polishing the proposals raises that answer.
STALLED = 8.0


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


def _counts(a: sparse.csr_matrix, chosen) -> np.ndarray:
    """Per demand point: how many of the chosen sites cover it."""
    return _count_cover(a.indptr, a.indices, np.asarray(chosen, dtype=np.int64), a.shape[1])


# The steps below are compiled (numba): each is a loop over a few thousand sites and their points, and
# written with NumPy it was dozens of array calls per swap or Lagrangian step, whose fixed cost (a few
# microseconds each) made up most of the time. `cache=True` keeps the machine code beside the module, so
# a process compiles them once (about 2 s) and later processes not at all.


@njit(cache=True)
def _count_cover(indptr, indices, chosen, n_points):
    count = np.zeros(n_points, np.int64)
    for site in chosen:
        for at in range(indptr[site], indptr[site + 1]):
            count[indices[at]] += 1
    return count


@njit(cache=True)
def _site_sums(indptr, indices, values):
    """Per site: the sum of `values` over the points it covers (the product A @ values)."""
    sums = np.zeros(len(indptr) - 1)
    for site in range(len(indptr) - 1):
        total = 0.0
        for at in range(indptr[site], indptr[site + 1]):
            total += values[indices[at]]
        sums[site] = total
    return sums


@njit(cache=True)
def _greedy(indptr, indices, t_indptr, t_indices, w, k, eps):
    gains = _site_sums(indptr, indices, w)
    n_sites = len(gains)
    blocked = np.zeros(n_sites, np.bool_)
    uncovered = np.ones(len(w), np.bool_)
    chosen = np.empty(min(k, n_sites), np.int64)
    n = 0
    while n < len(chosen):
        best, best_gain = -1, -1.0
        for site in range(n_sites):  # the first of equal gains, as np.argmax
            if not blocked[site] and gains[site] > best_gain:
                best, best_gain = site, gains[site]
        if best < 0 or best_gain <= eps:
            break  # nothing left to cover: fewer than k sites are worth opening
        chosen[n] = best
        n += 1
        blocked[best] = True
        for at in range(indptr[best], indptr[best + 1]):
            point = indices[at]
            if uncovered[point]:
                uncovered[point] = False
                for t in range(t_indptr[point], t_indptr[point + 1]):
                    gains[t_indices[t]] -= w[point]
    return chosen[:n]


@njit(cache=True)
def _swaps(indptr, indices, t_indptr, t_indices, w, chosen, max_rounds, eps):
    count = _count_cover(indptr, indices, chosen, len(w))
    open_gain = _site_sums(indptr, indices, np.where(count == 0, w, 0.0))
    for _ in range(max_rounds):
        improved = False
        for pos in range(len(chosen)):
            s = chosen[pos]
            gains = open_gain.copy()
            lost = 0.0
            for at in range(indptr[s], indptr[s + 1]):
                point = indices[at]
                if count[point] == 1:  # covered by s only: lost when s goes, gained by a site covering it
                    lost += w[point]
                    for t in range(t_indptr[point], t_indptr[point + 1]):
                        gains[t_indices[t]] += w[point]
            for site in chosen:
                gains[site] = -np.inf
            c = int(np.argmax(gains))
            if gains[c] - lost > eps:
                for at in range(indptr[s], indptr[s + 1]):
                    count[indices[at]] -= 1
                for at in range(indptr[c], indptr[c + 1]):
                    count[indices[at]] += 1
                chosen[pos] = c
                open_gain = _site_sums(indptr, indices, np.where(count == 0, w, 0.0))
                improved = True
        if not improved:
            break
    return chosen


@njit(cache=True)
def _subgradient(indptr, indices, w, alone, k, lam, bound, theta, best, iterations, tolerance, keep):
    """The loop of `lagrangian`; returns (multipliers, bound, step, proposals as rows of sites, their
    covered weight, how many proposals were found)."""
    proposals = np.full((keep, k), -1, np.int64)
    values = np.full(keep, -np.inf)
    found, stall, start_theta = 0, 0, theta
    hits, step = np.zeros(len(w), np.int64), np.zeros(len(w))
    for _ in range(iterations):
        score = _site_sums(indptr, indices, lam)
        top = np.sort(np.argpartition(-score, k - 1)[:k])
        hits[:] = 0
        value = 0.0
        for site in top:
            value += score[site]
            for at in range(indptr[site], indptr[site + 1]):
                hits[indices[at]] += 1
        # One pass over the points: the bound, the proposal's people and the step. Each multiplier moves
        # in proportion to its point's people (λ_i lies between 0 and w_i): with equal moves a point of
        # 300 people and one of 30,000 would be stepped alike, and the bound took twice as many steps to
        # come within 0.2 %.
        covered, norm = 0.0, 0.0
        for i in range(len(w)):
            take = w[i] > lam[i]
            if take:
                value += w[i] - lam[i]
            if hits[i] > 0:
                covered += w[i]
            step[i] = 0.0 if alone[i] else (1.0 if take else 0.0) - hits[i]
            norm += step[i] * step[i] * w[i]
        if value < bound - 1e-9:
            bound, stall = value, 0
        else:
            stall += 1
            if stall >= 10:
                theta, stall = theta / 2, 0
        best = max(best, covered)
        found = _keep_proposal(proposals, values, found, top, covered)
        if norm == 0 or bound - best <= tolerance * bound or theta < 1e-3 or theta <= start_theta / STALLED:
            break  # proven good enough, the steps too small to move the bound, or the round stalled
        size = theta * (value - best) / norm
        for i in range(len(w)):
            if step[i] != 0:
                lam[i] = max(0.0, lam[i] + size * step[i] * w[i])
    return lam, bound, theta, proposals, values, found


@njit(cache=True)
def _keep_proposal(proposals, values, found, sites, covered):
    """Keep `sites` among the best distinct proposals (rows best first); returns how many are kept."""
    for row in range(found):
        if (proposals[row] == sites).all():
            return found
    if found == len(values) and covered <= values[found - 1]:
        return found
    row = min(found, len(values) - 1)
    while row > 0 and values[row - 1] < covered:
        proposals[row], values[row] = proposals[row - 1], values[row - 1]
        row -= 1
    proposals[row], values[row] = sites, covered
    return min(found + 1, len(values))


def merge_points(a: sparse.csr_matrix, weights: np.ndarray) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The same problem with fewer demand points: a point no site reaches left out (no choice covers it),
    and the points the same sites cover made one, with their people added (any choice covers all of them
    or none). Every choice of sites covers the same people in both; at the benchmark's sizes a third of
    the points are left."""
    w = np.asarray(weights, dtype=float)
    at = a.T.tocsr()
    at.sort_indices()  # the same sites in the same order: equal rows are equal arrays
    group, first = _group_points(at.indptr, at.indices)
    reached = group >= 0
    merged_w = np.bincount(group[reached], weights=w[reached], minlength=len(first))
    return at[first].T.tocsr(), merged_w


@njit(cache=True)
def _group_points(indptr, indices):
    """Per point its group (-1: no site reaches it), and each group's first point. Points are found by a
    hash of their sites in an open-addressing table and compared with the group's first point, so a
    hash collision never merges two points that differ."""
    n_points = len(indptr) - 1
    size = 1
    while size < 2 * n_points:
        size *= 2
    slots = np.full(size, -1, np.int64)  # a group's number, or -1
    group = np.full(n_points, -1, np.int64)
    first = np.empty(n_points, np.int64)
    hashes = np.empty(n_points, np.uint64)
    n = 0
    for point in range(n_points):
        start, end = indptr[point], indptr[point + 1]
        if start == end:
            continue
        h = np.uint64(14695981039346656037)  # FNV-1a over the site numbers
        for at in range(start, end):
            h = (h ^ np.uint64(indices[at])) * np.uint64(1099511628211)
        slot = np.int64(h & np.uint64(size - 1))
        while slots[slot] >= 0:
            g = slots[slot]
            if hashes[g] == h and _same_row(indptr, indices, first[g], point):
                group[point] = g
                break
            slot = (slot + 1) & (size - 1)
        else:
            slots[slot], hashes[n], first[n], group[point] = n, h, point, n
            n += 1
    return group, first[:n]


@njit(cache=True)
def _same_row(indptr, indices, one, other):
    """Whether rows `one` and `other` hold the same columns (in the same order)."""
    length = indptr[one + 1] - indptr[one]
    if indptr[other + 1] - indptr[other] != length:
        return False
    for n in range(length):  # noqa: SIM110 - a loop, not all(...): numba compiles this
        if indices[indptr[one] + n] != indices[indptr[other] + n]:
            return False
    return True


def _eps(w: np.ndarray) -> float:
    return 1e-9 * max(1.0, float(w.sum()))


def greedy(
    a: sparse.csr_matrix, weights: np.ndarray, k: int, at: sparse.csr_matrix | None = None
) -> list[int]:
    """Add the site that covers the most uncovered weight until there are k. The gains are kept up to
    date by taking away the people each pick covers, not recomputed from scratch."""
    w = np.asarray(weights, dtype=float)
    at = a.T.tocsr() if at is None else at
    return _greedy(a.indptr, a.indices, at.indptr, at.indices, w, max(k, 0), _eps(w)).tolist()


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
    sites = np.array(chosen, dtype=np.int64)
    return _swaps(a.indptr, a.indices, at.indptr, at.indices, w, sites, max_rounds, _eps(w)).tolist()


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
    # A point only one site covers keeps λ = w: its people count in that site's score, exactly as if
    # its constraint were not relaxed, and a multiplier that can only wander is not stepped.
    alone = np.bincount(a.indices, minlength=len(w)) == 1
    lam = np.where(alone, w, w / 2) if start is None else start.multipliers.copy()
    bound = np.inf if start is None else start.upper_bound
    theta = 2.0 if start is None else start.step
    lam, bound, theta, sites, values, found = _subgradient(
        a.indptr, a.indices, w, alone, k, lam, bound, theta, float(lower_bound), iterations, TOLERANCE, 8
    )
    proposals = [(float(values[n]), sites[n].tolist()) for n in range(found)]
    return Relaxation(upper_bound=float(bound), proposals=proposals, multipliers=lam, step=float(theta))


def _result(a: sparse.csr_matrix, weights: np.ndarray, chosen: list[int]) -> Siting:
    covered = _counts(a, chosen) > 0
    return Siting(chosen=chosen, covered_weight=float(np.asarray(weights)[covered].sum()), covered=covered)


def solve(a: sparse.csr_matrix, weights: np.ndarray, k: int, polish: int = 2) -> Siting:
    """On the problem with its points merged (`merge_points`), greedy and swaps; then, while the answer
    is not proven within TOLERANCE of the Lagrangian upper bound (for at most ROUNDS rounds), more
    subgradient steps and the best `polish` new proposals swapped too. The best set found, with the
    bound, and what it covers of the points as given."""
    w = np.asarray(weights, dtype=float)
    if a.shape[0] == 0 or k <= 0 or not w.any():
        return _result(a, w, [])
    original = a
    a, w = merge_points(a, w)
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
    chosen = _pick_order(a, w, best.chosen)
    return replace(_result(original, weights, chosen), upper_bound=bound)


def _pick_order(a: sparse.csr_matrix, w: np.ndarray, sites: list[int]) -> list[int]:
    """The same sites, most newly covered people first (the order a manager would open them in)."""
    return [sites[i] for i in greedy(a[sites], w, len(sites))] if sites else []


def compile_steps() -> None:
    """Have numba compile the steps now (about 10 s the first time, a fifth of a second when the machine
    code is cached), not on a manager's first siting page: `compile_numba` calls this before serving."""
    solve(sparse.csr_matrix(np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [0.0, 0.0, 1.0]])), np.ones(3), 2)


def brute_force(a: sparse.csr_matrix, weights: np.ndarray, k: int) -> Siting:
    """Every k-subset: the exact optimum for tiny instances (tests)."""
    best: list[int] = []
    best_w = -1.0
    for combo in combinations(range(a.shape[0]), min(k, a.shape[0])):
        result = _result(a, weights, list(combo))
        if result.covered_weight > best_w:
            best, best_w = list(combo), result.covered_weight
    return _result(a, weights, best)
