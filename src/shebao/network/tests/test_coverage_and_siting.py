"""The 15+5 circle on a small hand-computed instance, and siting against every possible choice."""

import numpy as np
import pytest

from shebao.network import siting
from shebao.network.coverage import CircleAssumptions, coverage

# 0.01 degree of latitude is 1,111.95 m on the mean sphere.
DEG_M = 1111.95


def test_the_urban_radius_is_speed_times_time_over_the_detour_factor():
    assert CircleAssumptions().urban_radius_m == pytest.approx(4500 / 4 / 1.3)
    assert CircleAssumptions(
        walk_speed_kmh=4.0, walk_minutes=15, detour_factor=1.0
    ).urban_radius_m == pytest.approx(1000)


def test_coverage_counts_urban_people_within_the_walk_and_rural_people_within_5_km():
    # One outlet at (30.00, 107.00); settlements due north of it.
    settlements = (
        np.array([30.005, 30.009, 30.040, 30.046, 30.2]),  # 556 m, 1001 m, 4448 m, 5115 m, 22 km
        np.full(5, 107.0),
        np.array([1000, 2000, 300, 400, 50]),
        np.array([True, True, False, False, False]),
    )
    result = coverage(
        settlements, (np.array([30.0]), np.array([107.0])), CircleAssumptions(detour_factor=1.0)
    )
    # urban radius 1125 m: both urban settlements covered; rural 5 km: only the one at 4.4 km.
    assert result.covered.tolist() == [True, True, True, False, False]
    assert result.covered_population == 3300 and result.population == 3750
    assert result.share == pytest.approx(3300 / 3750)
    assert result.uncovered.tolist() == [3, 4]  # most people first
    assert result.nearest_m[1] == pytest.approx(0.9 * DEG_M, rel=1e-3)
    # With the default detour factor 1.3 the walk shrinks to 865 m: the 1,001 m settlement drops out.
    assert coverage(settlements, (np.array([30.0]), np.array([107.0]))).covered.tolist()[:2] == [True, False]


def test_no_outlets_means_nobody_is_covered():
    s = (np.array([30.0]), np.array([107.0]), np.array([10]), np.array([False]))
    assert coverage(s, (np.array([]), np.array([]))).covered_population == 0


def tiny_instance(seed):
    rng = np.random.default_rng(seed)
    lats, lngs = rng.uniform(30.0, 30.1, 14), rng.uniform(107.0, 107.1, 14)
    radii = rng.choice([1500.0, 3000.0], 14)
    a = siting.cover_matrix(lats, lngs, radii, lats[:9], lngs[:9])
    return a, rng.integers(50, 2000, 14).astype(float)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("k", [1, 2, 3])
def test_greedy_with_swaps_is_within_one_percent_of_every_possible_choice(seed, k):
    a, w = tiny_instance(seed)
    best = siting.brute_force(a, w, k)
    ours = siting.solve(a, w, k)
    greedy = siting._result(a, w, siting.greedy(a, w, k))
    assert len(set(ours.chosen)) == len(ours.chosen) <= k
    assert greedy.covered_weight <= ours.covered_weight <= best.covered_weight
    assert ours.covered_weight >= 0.99 * best.covered_weight
    if k == 1:
        assert ours.covered_weight == best.covered_weight  # one site: the best single site, exactly
    # The Lagrangian bound is a true bound: no choice of k sites beats it, and the gap reported is honest.
    assert ours.upper_bound >= best.covered_weight - 1e-6
    assert ours.gap == pytest.approx(1 - ours.covered_weight / ours.upper_bound)


@pytest.mark.parametrize("seed", range(3))
def test_on_a_larger_instance_the_answer_is_within_one_percent_of_its_proven_bound(seed):
    rng = np.random.default_rng(seed)
    n = 400
    lats, lngs = rng.uniform(29.0, 30.0, n), rng.uniform(106.0, 107.0, n)
    radii = rng.choice([865.0, 5000.0], n)
    a = siting.cover_matrix(lats, lngs, radii, lats, lngs)
    w = rng.integers(50, 5000, n).astype(float)
    ours = siting.solve(a, w, 25)
    assert len(set(ours.chosen)) == len(ours.chosen) <= 25
    assert ours.covered_weight == pytest.approx(float(w[siting._counts(a, ours.chosen) > 0].sum()))
    assert ours.gap < 0.01
    # Sites come in the order a manager would open them: each adds no more people than the one before.
    gains, covered = [], np.zeros(n, dtype=bool)
    for c in ours.chosen:
        cols = a[c].indices
        gains.append(w[cols[~covered[cols]]].sum())
        covered[cols] = True
    assert gains == sorted(gains, reverse=True)


def test_a_site_covers_a_demand_point_only_within_that_points_own_radius():
    # Two demand points 2 km from the candidate: one urban (865 m), one rural (5 km).
    a = siting.cover_matrix([30.018, 29.982], [107.0, 107.0], [865.0, 5000.0], [30.0], [107.0])
    assert a.toarray().tolist() == [[0.0, 1.0]]


def test_swaps_repair_a_poor_greedy_start():
    # Candidates: 0 covers {0,1,2}; 1 covers {0,1}; 2 covers {2,3}. Weights make {1,2} optimal for k=2,
    # and a start of {0, 1} must be swapped to reach it.
    from scipy import sparse

    a = sparse.csr_matrix(np.array([[1, 1, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1]], dtype=float))
    w = np.array([5.0, 5.0, 1.0, 4.0])
    improved = siting.swap_improve(a, w, [0, 1])
    assert sorted(improved) in ([0, 2], [1, 2])
    assert siting._result(a, w, improved).covered_weight == 15.0
