"""The nearest-outlet index returns exactly the outlets a geodesic library ranks nearest.

The reference shares nothing with the index: distances come from GeographicLib's geodesics on a sphere
of WGS-84's mean radius (a(1 - f/3), worked out here from the ellipsoid, not taken from our constants),
and the ranking is a plain sort, not a partition."""

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from shebao.network.nearest import SCAN_SHARE, NearestIndex

WGS84 = Geodesic.WGS84
SPHERE = Geodesic(WGS84.a * (1 - WGS84.f / 3), 0)  # the mean radius R1 of the ellipsoid


def random_points(rng, n):
    # Chongqing's box, plus a few far-away points so the sphere (not a flat map) matters.
    lats = np.concatenate([rng.uniform(28.1, 32.2, n - 5), [-33.9, 51.5, 0.0, 89.9, -89.9]])
    lngs = np.concatenate([rng.uniform(105.2, 110.2, n - 5), [151.2, -0.1, 179.99, 10.0, -170.0]])
    return lats, lngs


def geodesic_m(lat, lng, lats, lngs) -> np.ndarray:
    return np.array([SPHERE.Inverse(lat, lng, a, b)["s12"] for a, b in zip(lats, lngs, strict=True)])


def reference(ids, lats, lngs, lat, lng, k, allowed=None):
    """(ids, metres) of the k nearest allowed points: every distance measured, sorted by (distance, id)."""
    rows = np.arange(len(ids)) if allowed is None else np.flatnonzero(allowed)
    d = geodesic_m(lat, lng, lats[rows], lngs[rows])
    ranked = sorted(zip(d.tolist(), ids[rows].tolist(), strict=True))[:k]
    return [i for _d, i in ranked], [m for m, _i in ranked]


def assert_same(hits, expected):
    ids, metres = expected
    assert [h.outlet_id for h in hits] == ids
    assert np.allclose([h.distance_m for h in hits], metres, rtol=1e-8, atol=1e-4)


def test_k_nearest_matches_geodesic_distances_on_random_queries():
    rng = np.random.default_rng(7)
    lats, lngs = random_points(rng, 600)
    ids = np.arange(600) + 100
    index = NearestIndex(ids, lats, lngs)
    for _ in range(40):
        qlat, qlng = rng.uniform(-60, 60), rng.uniform(-180, 180)
        k = int(rng.integers(1, 25))
        assert_same(index.nearest(qlat, qlng, k), reference(ids, lats, lngs, qlat, qlng, k))


def test_a_group_filter_and_a_keep_test_give_the_nearest_that_pass_both():
    rng = np.random.default_rng(11)
    n = 1500
    lats, lngs = random_points(rng, n)
    ids = rng.permutation(n) + 7
    groups = rng.integers(0, 6, n)
    index = NearestIndex(ids, lats, lngs, groups)
    for share in (0.9, 0.3, 0.01):
        passes = rng.random(n) < share
        for allowed_groups in ([0, 1, 2, 3, 4, 5], [1, 4], [3]):
            allowed = np.isin(groups, allowed_groups) & passes
            for _ in range(4):
                qlat, qlng = rng.uniform(28, 32), rng.uniform(105, 110)
                hits = index.nearest(qlat, qlng, 10, groups=allowed_groups, keep=lambda r, p=passes: p[r])
                assert_same(hits, reference(ids, lats, lngs, qlat, qlng, 10, allowed))
                assert all(allowed[h.position] for h in hits)


def test_an_index_of_one_outlet_returns_it_for_any_k_and_nothing_when_filtered_out():
    index = NearestIndex([42], [29.56], [106.55])
    assert [h.outlet_id for h in index.nearest(30.0, 107.0, 1)] == [42]
    assert [h.outlet_id for h in index.nearest(30.0, 107.0, 5)] == [42]
    assert [h.outlet_id for h in index.nearest(30.0, 107.0, 5, keep=lambda r: r == 0)] == [42]
    assert len(index.nearest(30.0, 107.0, 5, keep=lambda r: r != 0)) == 0
    (hit,) = list(index.nearest(30.0, 107.0, 1))
    assert hit.position == 0
    assert hit.distance_m == pytest.approx(SPHERE.Inverse(30.0, 107.0, 29.56, 106.55)["s12"], rel=1e-8)


def test_k_zero_a_negative_k_an_empty_index_and_an_empty_filter_return_nothing():
    index = NearestIndex([1, 2], [29.5, 29.6], [106.5, 106.6], [0, 1])
    assert len(index.nearest(29.5, 106.5, 0)) == 0
    assert len(index.nearest(29.5, 106.5, -1)) == 0
    assert len(NearestIndex([], [], []).nearest(29.5, 106.5, 3)) == 0
    assert len(index.nearest(29.5, 106.5, 3, groups=[])) == 0
    assert len(index.nearest(29.5, 106.5, 3, groups=[7])) == 0  # a group no outlet is in
    assert len(index.nearest(29.5, 106.5, 3, keep=lambda r: np.zeros(len(r), bool))) == 0
    assert [h.outlet_id for h in index.nearest(29.59, 106.59, 5)] == [2, 1]


def test_a_filter_that_leaves_exactly_one_outlet_finds_it_however_far():
    rng = np.random.default_rng(3)
    lats, lngs = random_points(rng, 2000)
    ids = np.arange(2000)
    groups = np.zeros(2000, np.int64)
    groups[1234] = 1
    index = NearestIndex(ids, lats, lngs, groups)
    for lat, lng in [(29.5, 106.5), (-40.0, 20.0)]:
        assert [h.outlet_id for h in index.nearest(lat, lng, 5, groups=[1])] == [1234]
        assert [h.outlet_id for h in index.nearest(lat, lng, 5, keep=lambda r: r == 1777)] == [1777]


def due_north(n: int, passes):
    """An index of n points due north of (28.9999, 106.0), 100 m apart, ids in order of distance, and a
    keep test passing the rows `passes` passes that records how many rows each call asked about."""
    lats, lngs = 29.0 + np.arange(n) * 0.0009, np.full(n, 106.0)
    asked: list[int] = []

    def keep(rows):
        asked.append(len(rows))
        return passes(rows)

    return NearestIndex(np.arange(n), lats, lngs), keep, asked, (lats, lngs)


def test_a_keep_test_that_rejects_the_first_candidates_widens_the_search_and_stays_exact():
    # Only every 20th point passes. The first tree query (16 candidates for k=3) finds none, the second
    # (64) finds three: a widening round, not a scan (64 is far below an eighth of 10,000).
    index, keep, asked, (lats, lngs) = due_north(10_000, lambda rows: rows % 20 == 19)
    hits = index.nearest(28.9999, 106.0, 3, keep=keep)
    assert [h.outlet_id for h in hits] == [19, 39, 59]
    assert asked == [16, 64]
    passing = np.arange(10_000) % 20 == 19
    assert_same(hits, reference(np.arange(10_000), lats, lngs, 28.9999, 106.0, 3, passing))


def test_a_keep_test_passing_few_outlets_ends_in_a_scan_of_the_rest_and_stays_exact():
    n = 2000
    index, keep, asked, _points = due_north(n, lambda rows: rows >= n - 2)
    hits = index.nearest(28.9999, 106.0, 5, keep=keep)
    assert [h.outlet_id for h in hits] == [n - 2, n - 1]
    assert asked[-1] == n  # the scan asks about every outlet once
    assert len(asked) >= 2 and all(a < n * SCAN_SHARE for a in asked[:-1])


@pytest.mark.parametrize("seed", range(8))
def test_a_scan_ranks_the_outlets_that_pass_however_they_are_stored(seed):
    # Points 100 m apart due north, stored shuffled, each point's id its place along the line. The keep
    # test passes the farther half: the tree queries find none, and the 1,000 that pass are scanned in
    # stored order, so the nearest k must be picked out of them, not taken from the front.
    n = 2000
    place = np.random.default_rng(seed).permutation(n)
    lats, lngs = 29.0 + place * 0.0009, np.full(n, 106.0)
    index = NearestIndex(place, lats, lngs)
    asked: list[int] = []

    def keep(rows):
        asked.append(len(rows))
        return place[rows] >= n // 2

    for k in (1, 2, 5, 9):
        hits = index.nearest(28.9999, 106.0, k, keep=keep)
        assert [h.outlet_id for h in hits] == list(range(1000, 1000 + k))
        assert asked[-1] == n  # the scan
    assert_same(hits, reference(place, lats, lngs, 28.9999, 106.0, 9, place >= n // 2))
    # One more passing than asked for: the scan still has to choose.
    last_six = index.nearest(28.9999, 106.0, 5, keep=lambda rows: place[rows] >= n - 6)
    assert [h.outlet_id for h in last_six] == list(range(n - 6, n - 1))


def test_outlets_at_the_same_distance_come_in_id_order():
    # Four points in one building (the same coordinates) and one across the street: the four are
    # equally near, and the answer lists them by id, whatever order they were stored in.
    ids = np.array([42, 7, 19, 3, 100])
    index = NearestIndex(ids, np.array([29.5] * 4 + [29.5009]), np.full(5, 106.5))
    assert [h.outlet_id for h in index.nearest(29.4, 106.5, 5)] == [3, 7, 19, 42, 100]


@pytest.mark.parametrize("seed", range(6))
def test_when_k_cuts_through_outlets_at_one_address_the_lowest_ids_are_taken(seed):
    # Outlets share addresses (a bank's branches in one building, a hall's windows): when the k-th place
    # falls inside such a group, the answer takes the group's lowest ids, whichever way the outlets are
    # stored, in the tree's plain query, its widened one and the scan alike.
    rng = np.random.default_rng(seed)
    n = 3000
    addresses = rng.integers(0, 120, n)  # 25 outlets per address on average
    lats, lngs = rng.uniform(29.0, 29.5, 120)[addresses], rng.uniform(106.0, 106.5, 120)[addresses]
    ids = rng.permutation(n) + 1
    groups = rng.integers(0, 3, n)
    index = NearestIndex(ids, lats, lngs, groups)
    for _ in range(6):
        qlat, qlng, k = rng.uniform(29.0, 29.5), rng.uniform(106.0, 106.5), int(rng.integers(1, 40))
        metres = geodesic_m(qlat, qlng, lats, lngs)
        for allowed, query in (
            (np.ones(n, bool), {}),
            (groups != 2, {"groups": [0, 1]}),
            (ids % 5 == 0, {"keep": lambda rows: ids[rows] % 5 == 0}),  # widened or scanned
            (ids % 997 == 0, {"keep": lambda rows: ids[rows] % 997 == 0}),  # scanned
        ):
            rows = np.flatnonzero(allowed)
            by_distance_then_id = sorted(zip(metres[rows].tolist(), ids[rows].tolist(), strict=True))
            expected = [i for _m, i in by_distance_then_id[:k]]
            assert index.nearest(qlat, qlng, k, **query).outlet_ids == expected


def test_a_tree_per_set_of_groups_is_built_once_and_reused():
    rng = np.random.default_rng(5)
    lats, lngs = random_points(rng, 300)
    index = NearestIndex(np.arange(300), lats, lngs, rng.integers(0, 3, 300))
    first = index.subset([0, 2])
    assert index.subset([2, 0]) is first
    assert index.subset(np.array([0, 1, 2])) is index.subset([2, 1, 0])  # every group: the whole index
    assert first.size == int(np.isin(index.group, [0, 2]).sum())


def test_at_most_max_subsets_trees_are_kept_the_oldest_going_first_and_answers_stay_exact():
    from shebao.network.nearest import MAX_SUBSETS

    rng = np.random.default_rng(9)
    n = MAX_SUBSETS + 4
    lats, lngs = random_points(rng, 200)
    groups = np.arange(200) % n
    index = NearestIndex(np.arange(200), lats, lngs, groups)
    first = index.subset([0])
    for g in range(1, MAX_SUBSETS + 1):
        index.subset([g])
    assert len(index._subsets) == MAX_SUBSETS
    assert index.subset([0]) is not first  # it went first, and is built again
    hits = index.nearest(29.5, 106.5, 3, groups=[0])
    allowed = groups == 0
    assert_same(hits, reference(np.arange(200), lats, lngs, 29.5, 106.5, 3, allowed))
