"""The compiled k-d tree (network.kdtree) against a plain reference: every distance measured and sorted."""

import numpy as np
import pytest

from shebao.network.kdtree import LEAF, KDTree, _query, _widest


def reference(points: np.ndarray, x, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(distances, rows) of the k nearest: every distance measured, sorted by (distance, row)."""
    d = points - np.asarray(x)
    distances = d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1] + d[:, 2] * d[:, 2]  # as the tree adds them
    order = np.argsort(distances, kind="stable")[:k]
    distances = np.sqrt(distances)
    return distances[order], order


def clustered(rng, n: int) -> np.ndarray:
    """Unit vectors in tight clusters and a thin spread, some points repeated (outlets in one building)."""
    centres = rng.normal(size=(6, 3))
    points = centres[rng.integers(0, 6, n)] + rng.normal(0, rng.choice([1e-4, 0.05], n)[:, None], (n, 3))
    points[: n // 10] = points[n // 10 : 2 * (n // 10)]
    return points / np.linalg.norm(points, axis=1)[:, None]


@pytest.mark.parametrize("n", [1, 2, LEAF, LEAF + 1, 2 * LEAF + 1, 1000, 20_000])
@pytest.mark.parametrize("k", [1, 3, LEAF + 1, 40])
def test_the_tree_finds_the_same_nearest_points_as_measuring_every_one(n, k):
    rng = np.random.default_rng(n * 100 + k)
    points = clustered(rng, n)
    tree = KDTree(points)
    for x in [*points[rng.integers(0, n, 20)], *rng.normal(size=(20, 3))]:
        distances, rows = tree.query(tuple(x), k)
        expected, order = reference(points, x, k)
        assert len(rows) == min(k, n)
        np.testing.assert_allclose(distances, expected, rtol=0, atol=1e-12)  # nearest first
        # The rows are the points at those distances; points at one distance (a tenth of them are
        # repeated) come by row, also where the k-th place falls among them.
        assert rows.tolist() == order.tolist()


def test_points_at_one_distance_come_lowest_label_first():
    # Six points at one place, labelled out of order, and k cutting through them.
    points = np.vstack([np.tile([0.0, 0.0, 1.0], (6, 1)), [[0.0, 0.6, 0.8]]])
    labels = np.array([50, 9, 31, 2, 77, 14, 1])
    for k in range(1, 8):
        _distances, rows = KDTree(points, labels).query((0.0, 0.0, 1.0), k)
        assert labels[rows].tolist() == [2, 9, 14, 31, 50, 77, 1][:k]


def test_a_query_past_the_edge_of_the_points_and_between_clusters_is_exact():
    # Two clusters far apart and a query exactly half way: the tree must cross the split to the far side.
    left = np.array([[-1.0 - i * 1e-3, 0.0, 0.0] for i in range(30)])
    right = np.array([[1.0 + i * 1e-3, 0.0, 0.0] for i in range(30)])
    points = np.vstack([left, right])
    distances, rows = KDTree(points).query((0.0, 0.0, 0.0), 2)
    assert distances.tolist() == [1.0, 1.0] and sorted(rows.tolist()) == [0, 30]
    distances, rows = KDTree(points).query((0.9, 0.0, 0.0), 31)
    assert rows[:30].tolist() == list(range(30, 60)) and rows[30] == 0


def test_no_point_wanted_or_more_wanted_than_there_are():
    points = np.eye(3)
    for k in (0, -1, -3):
        distances, rows = KDTree(points).query((1.0, 0.0, 0.0), k)
        assert rows.tolist() == [] and distances.tolist() == []
    distances, rows = KDTree(points).query((1.0, 0.0, 0.0), 5)
    assert rows.tolist()[0] == 0 and sorted(rows.tolist()) == [0, 1, 2]
    assert distances[0] == 0.0 and distances[1:] == pytest.approx([2**0.5, 2**0.5])


def test_compile_numba_readies_the_compiled_code_before_serving():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("compile_numba", stdout=out)
    assert out.getvalue().startswith("Compiled in ")
    assert KDTree(np.eye(3)).query((0.0, 1.0, 0.0), 1)[1].tolist() == [1]


def test_a_node_splits_along_the_coordinate_its_points_spread_most():
    # The split works whichever coordinate it takes; the widest keeps the tree's cells compact, which
    # is what lets a query skip most of them.
    rng = np.random.default_rng(3)
    for axis in range(3):
        points = rng.normal(0, 0.01, (50, 3))
        points[:, axis] *= 100
        assert _widest(points, 0, 50) == axis
        assert _widest(points, 10, 12) == int(np.argmax(np.ptp(points[10:12], axis=0)))


class CountedRows(np.ndarray):
    """The tree's points, counting which rows a query reads (the walk run as plain Python)."""

    def __getitem__(self, key):
        if isinstance(key, tuple) and isinstance(key[0], (int, np.integer)):
            self.read.add(int(key[0]))
        return np.ndarray.__getitem__(np.asarray(self), key)


# The walk as plain Python, so that it reads the points through CountedRows (already so under make mutate).
walk_in_python = getattr(_query, "py_func", _query)


@pytest.mark.parametrize("k", [1, 10])
def test_a_query_reads_the_points_of_a_few_cells_not_all_of_them(k):
    # The answers stay right when the walk skips nothing (a far side's bound too low, a node's middle or
    # number read wrong: cosmic-ray's mutants of those survived every test of the answers), but the query
    # is then a pass over every point. This pins the skipping: 9 to 78 points of 20,000 are read here.
    rng = np.random.default_rng(11)
    points = rng.normal(size=(20_000, 3))
    points /= np.linalg.norm(points, axis=1)[:, None]  # spread over the sphere
    tree = KDTree(points)
    counted = np.asarray(tree.points).view(CountedRows)
    walk = (tree.rows, tree.labels, tree.axes, tree.splits, tree.nodes)
    for x in points[rng.integers(0, len(points), 20)] + rng.normal(0, 1e-3, (20, 3)):  # among the points
        counted.read = set()
        _distances, at = walk_in_python(counted, *walk, *x, k)
        assert len(at) == k
        assert 0 < len(counted.read) <= 10 * LEAF, len(counted.read)


@pytest.mark.parametrize("n", [1, LEAF, LEAF + 1, 1000, 20_000])
def test_the_tree_has_as_few_cells_as_leaves_of_leaf_points_allow(n):
    # Each leaf holds at most LEAF points and the tree is no deeper than that needs: a tree of one-point
    # leaves gives the same answers with LEAF times the cells to keep and walk.
    nodes = KDTree(np.random.default_rng(n).normal(size=(n, 3))).nodes
    assert nodes * LEAF >= n
    assert nodes == 1 or (nodes // 2) * LEAF < n
