"""The nearest-outlet index returns exactly what a brute-force haversine scan returns."""

import numpy as np

from shebao.network.geo import haversine_m
from shebao.network.nearest import NearestIndex, brute_force_nearest


def random_points(rng, n):
    # Chongqing's box, plus a few far-away points so the sphere (not a flat map) matters.
    lats = np.concatenate([rng.uniform(28.1, 32.2, n - 5), [-33.9, 51.5, 0.0, 89.9, -89.9]])
    lngs = np.concatenate([rng.uniform(105.2, 110.2, n - 5), [151.2, -0.1, 179.99, 10.0, -170.0]])
    return lats, lngs


def test_k_nearest_matches_brute_force_on_random_queries():
    rng = np.random.default_rng(7)
    lats, lngs = random_points(rng, 3000)
    index = NearestIndex(np.arange(3000) + 100, lats, lngs)
    for _ in range(200):
        qlat, qlng = rng.uniform(-60, 60), rng.uniform(-180, 180)
        k = int(rng.integers(1, 25))
        hits = index.nearest(qlat, qlng, k)
        rows, dist = brute_force_nearest(lats, lngs, qlat, qlng, k)
        assert [h.outlet_id for h in hits] == [int(r) + 100 for r in rows]
        assert np.allclose([h.distance_m for h in hits], dist, rtol=1e-9, atol=1e-3)


def test_a_filter_mask_keeps_the_search_exact_whether_dense_or_sparse():
    rng = np.random.default_rng(11)
    lats, lngs = random_points(rng, 4000)
    index = NearestIndex(np.arange(4000), lats, lngs)
    for share in (0.9, 0.3, 0.01, 0.001):
        mask = rng.random(4000) < share
        allowed = np.flatnonzero(mask)
        for _ in range(30):
            qlat, qlng = rng.uniform(28, 32), rng.uniform(105, 110)
            hits = index.nearest(qlat, qlng, 10, mask)
            d = haversine_m(qlat, qlng, lats[allowed], lngs[allowed])
            expected = allowed[np.argsort(d, kind="stable")[:10]]
            assert [h.outlet_id for h in hits] == expected.tolist()
            assert all(mask[h.position] for h in hits)


def test_an_empty_filter_or_index_returns_nothing():
    index = NearestIndex([1, 2], [29.5, 29.6], [106.5, 106.6])
    assert index.nearest(29.5, 106.5, 3, np.zeros(2, dtype=bool)) == []
    assert NearestIndex([], [], []).nearest(29.5, 106.5, 3) == []
    assert [h.outlet_id for h in index.nearest(29.59, 106.59, 5)] == [2, 1]
