"""Exact k-nearest outlets by great-circle distance (no database).

A k-d tree (scipy's cKDTree) over 3-D unit vectors: on the sphere the chord between two points grows
strictly with the arc between them, so the tree's Euclidean nearest neighbours are the great-circle
nearest neighbours, with no approximation. Filters ("accepts this item", "open now") come as a boolean
mask; the tree is asked for more candidates until k of them pass, and a mask that keeps only a few
outlets is answered by scanning just those, which is both exact and faster than walking the tree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from shebao.network.geo import chord_to_m, haversine_m, m_to_chord, unit_vectors

# Below this share of outlets passing the filter, scanning the passing ones beats widening tree queries.
_SCAN_SHARE = 1 / 32


@dataclass(frozen=True)
class Hit:
    position: int  # row in the index's arrays
    outlet_id: int
    distance_m: float


class NearestIndex:
    def __init__(self, ids, lats, lngs) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.lats = np.asarray(lats, dtype=float)
        self.lngs = np.asarray(lngs, dtype=float)
        self.vectors = unit_vectors(self.lats, self.lngs)
        self.tree = cKDTree(self.vectors) if len(self.ids) else None

    def __len__(self) -> int:
        return len(self.ids)

    def nearest(self, lat: float, lng: float, k: int, mask: np.ndarray | None = None) -> list[Hit]:
        """The k nearest points passing `mask` (all when None), nearest first."""
        n = len(self.ids)
        if k <= 0 or n == 0:
            return []
        query = unit_vectors([lat], [lng])[0]
        passing = n if mask is None else int(mask.sum())
        if passing == 0:
            return []
        if mask is not None and passing < max(4 * k, n * _SCAN_SHARE):
            rows = np.flatnonzero(mask)
            chords = np.linalg.norm(self.vectors[rows] - query, axis=1)
            return self._hits(rows, chords, k)
        want = min(n, max(k * 4, 16) if mask is not None else k)
        while True:
            chords, rows = self.tree.query(query, k=want)
            chords, rows = np.atleast_1d(chords), np.atleast_1d(rows)
            if mask is not None:
                keep = mask[rows]
                chords, rows = chords[keep], rows[keep]
            if len(rows) >= k or want >= n:
                return self._hits(rows, chords, k)
            want = min(n, want * 4)

    def _hits(self, rows: np.ndarray, chords: np.ndarray, k: int) -> list[Hit]:
        if len(rows) > k:
            part = np.argpartition(chords, k - 1)[:k]
            rows, chords = rows[part], chords[part]
        order = np.lexsort((self.ids[rows], chords))  # by distance, then id: a stable answer on ties
        metres = chord_to_m(chords[order])
        return [Hit(int(r), int(self.ids[r]), float(m)) for r, m in zip(rows[order], metres, strict=True)]

    def within(self, lat: float, lng: float, radius_m: float) -> np.ndarray:
        """Rows of every point within radius_m (unsorted)."""
        if self.tree is None:
            return np.empty(0, dtype=np.int64)
        query = unit_vectors([lat], [lng])[0]
        return np.asarray(self.tree.query_ball_point(query, m_to_chord(radius_m)), dtype=np.int64)


def brute_force_nearest(lats, lngs, lat: float, lng: float, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Haversine against every point: the baseline the index is tested and benchmarked against."""
    d = haversine_m(lat, lng, np.asarray(lats), np.asarray(lngs))
    k = min(k, len(d))
    part = np.argpartition(d, k - 1)[:k] if k < len(d) else np.arange(len(d))
    order = part[np.argsort(d[part], kind="stable")]
    return order, d[order]
