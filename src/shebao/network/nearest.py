"""Exact k-nearest outlets by great-circle distance (no database).

A k-d tree (`kdtree.KDTree`, compiled) over 3-D unit vectors: on the sphere the chord between two
points grows strictly with the arc between them, so the tree's Euclidean nearest neighbours are the
great-circle nearest neighbours, with no approximation.

Filters come in two kinds, so that neither costs a pass over every outlet:
- `groups`: outlets fall into groups (level, kind, tier and agreement scope decide which items a point
  accepts), so "accepts this item" is a set of groups. The index keeps one tree per set of groups it was
  asked for (built on the first ask, a handful in practice: items share acceptance patterns), and the
  filtered query is a plain tree query on it: log time.
- `keep`: any other test (on the map today, open now, in an area), asked only of the candidates the tree
  returns, nearest first. The tree is asked for four times more until k pass; when the candidates would
  reach an eighth of the outlets, scanning those that pass is cheaper than widening further.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

import numpy as np

from shebao.network.geo import chords_to_m, unit_vectors
from shebao.network.kdtree import KDTree

Keep = Callable[[np.ndarray], np.ndarray]  # rows -> bool per row
SCAN_SHARE = 1 / 8  # past this share of a tree's points, widening the tree query costs more than a scan
MAX_SUBSETS = 32  # trees kept for sets of groups; the least recently built go first


class Hit(NamedTuple):
    position: int  # row in the index's arrays
    outlet_id: int
    distance_m: float


@dataclass(frozen=True)
class Hits:
    """The answer as three lists, nearest first (building an object per hit would cost more than the
    tree query); iterating gives `Hit`s."""

    positions: list[int]
    outlet_ids: list[int]
    distances_m: list[float]

    def __len__(self) -> int:
        return len(self.positions)

    def __iter__(self) -> Iterator[Hit]:
        return map(Hit, self.positions, self.outlet_ids, self.distances_m)


NOTHING = Hits([], [], [])


@dataclass(frozen=True)
class _Subset:
    """The outlets of some groups: their rows (None: every row) and a tree over their vectors."""

    rows: np.ndarray | None
    tree: KDTree | None

    @property
    def size(self) -> int:
        return 0 if self.tree is None else self.tree.n


def unit_vector(lat: float, lng: float) -> tuple[float, float, float]:
    """One point's unit vector, with `math` (NumPy's per-call cost is larger than the work for one)."""
    phi, lam = math.radians(lat), math.radians(lng)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


class NearestIndex:
    def __init__(self, ids, lats, lngs, groups=None) -> None:
        """`groups`: a group number per outlet (all in group 0 when None)."""
        self.ids = np.asarray(ids, dtype=np.int64)
        self.lats = np.asarray(lats, dtype=float)
        self.lngs = np.asarray(lngs, dtype=float)
        self.group = np.zeros(len(self.ids), np.int64) if groups is None else np.asarray(groups, np.int64)
        self.vectors = unit_vectors(self.lats, self.lngs)
        self.group_sizes = np.bincount(self.group, minlength=1) if len(self.ids) else np.zeros(1, np.int64)
        self._all = _Subset(None, KDTree(self.vectors, self.ids) if len(self.ids) else None)
        self._subsets: dict[frozenset[int], _Subset] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.ids)

    def nearest(
        self,
        lat: float,
        lng: float,
        k: int,
        *,
        groups: Iterable[int] | None = None,
        keep: Keep | None = None,
    ) -> Hits:
        """The k nearest outlets of `groups` (all when None) that `keep` keeps, nearest first; ties by id."""
        subset = self._all if groups is None else self.subset(groups)
        if k <= 0 or subset.size == 0:
            return NOTHING
        query = unit_vector(lat, lng)
        want = min(subset.size, k if keep is None else max(2 * k, 16))  # most outlets pass most tests
        while True:
            chords, rows = subset.tree.query(query, want)  # type: ignore[union-attr]
            if subset.rows is not None:
                rows = subset.rows[rows]
            if keep is not None:
                passing = keep(rows)
                rows, chords = rows[passing], chords[passing]
            if len(rows) >= k or want == subset.size:
                return self._hits(rows[:k], chords[:k], k)  # the tree's answer is nearest first
            want *= 4
            if want >= subset.size * SCAN_SHARE:
                return self._scan(subset, query, k, keep)

    def subset(self, groups: Iterable[int]) -> _Subset:
        """The tree of the outlets in `groups`, built once and kept with the index."""
        key = frozenset(int(g) for g in groups)
        if key.issuperset(range(len(self.group_sizes))):
            return self._all
        found = self._subsets.get(key)
        if found is None:
            with self._lock:
                found = self._subsets.get(key) or self._build(key)
        return found

    def _build(self, key: frozenset[int]) -> _Subset:
        rows = np.flatnonzero(np.isin(self.group, list(key)))
        built = _Subset(rows, KDTree(self.vectors[rows], self.ids[rows]) if len(rows) else None)
        if len(self._subsets) >= MAX_SUBSETS:
            self._subsets.pop(next(iter(self._subsets)))
        self._subsets[key] = built
        return built

    def _scan(self, subset: _Subset, query, k: int, keep: Keep | None) -> Hits:
        rows = np.arange(len(self.ids)) if subset.rows is None else subset.rows
        if keep is not None:
            rows = rows[keep(rows)]
        chords = np.linalg.norm(self.vectors[rows] - np.asarray(query), axis=1)
        return self._hits(rows, chords, k)

    def _hits(self, rows: np.ndarray, chords: np.ndarray, k: int) -> Hits:
        """The k nearest of the candidates, by distance, then id (a stable answer on ties). In plain
        Python past the partition: for k of them, NumPy's per-call cost is larger than the work."""
        if len(rows) > k:
            # The k nearest and every other as near as the k-th (outlets at one address): the sort
            # below takes the lowest ids among those, where a partition would take any.
            near = chords <= np.partition(chords, k - 1)[k - 1]
            rows, chords = rows[near], chords[near]
        by_chord, outlet_ids, positions = chords.tolist(), self.ids[rows].tolist(), rows.tolist()
        if any(b <= a for a, b in pairwise(by_chord)):  # not in order (a scan, a partition) or a tie
            ranked = sorted(zip(by_chord, outlet_ids, positions, strict=True))[:k]
            by_chord, outlet_ids, positions = (list(column) for column in zip(*ranked, strict=True))
        return Hits(positions, outlet_ids, chords_to_m(by_chord))
