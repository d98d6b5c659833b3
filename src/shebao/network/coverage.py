"""The "15+5" service circle: who lives within reach of an outlet (no database).

Urban settlements are covered by an outlet within a 15-minute walk, rural ones by an outlet within 5 km
(RULES of source 002). A walk is turned into a straight-line radius: speed × minutes ÷ detour factor,
because streets are not straight (1.3 is the usual ratio of network to crow-fly distance in Chinese
cities). Every figure is an assumption the page shows and a manager may change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

from shebao.network.geo import chord_to_m, unit_vectors


@dataclass(frozen=True)
class CircleAssumptions:
    walk_speed_kmh: float = 4.5
    walk_minutes: float = 15.0
    detour_factor: float = 1.3
    rural_radius_m: float = 5000.0

    @property
    def urban_radius_m(self) -> float:
        return self.walk_speed_kmh * 1000 / 60 * self.walk_minutes / self.detour_factor

    def radii(self, urban: np.ndarray) -> np.ndarray:
        return np.where(np.asarray(urban, dtype=bool), self.urban_radius_m, self.rural_radius_m)


DEFAULT_ASSUMPTIONS = CircleAssumptions()


@dataclass
class Coverage:
    population: int
    covered_population: int
    nearest_m: np.ndarray  # per settlement: distance to the nearest outlet (inf when there is none)
    covered: np.ndarray  # per settlement: bool
    uncovered: np.ndarray = field(
        default_factory=lambda: np.empty(0, dtype=np.int64)
    )  # rows, most people first

    @property
    def share(self) -> float:
        return self.covered_population / self.population if self.population else 1.0


def coverage(
    settlements: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    outlets: tuple[np.ndarray, np.ndarray],
    assumptions: CircleAssumptions = DEFAULT_ASSUMPTIONS,
) -> Coverage:
    """settlements = (lats, lngs, populations, urban flags); outlets = (lats, lngs)."""
    s_lat, s_lng, pop, urban = (np.asarray(a) for a in settlements)
    pop = pop.astype(np.int64)
    o_lat, o_lng = (np.asarray(a, dtype=float) for a in outlets)
    if len(o_lat) and len(s_lat):
        chords, _ = cKDTree(unit_vectors(o_lat, o_lng)).query(unit_vectors(s_lat, s_lng), k=1)
        nearest = chord_to_m(chords)
    else:
        nearest = np.full(len(s_lat), np.inf)
    covered = nearest <= assumptions.radii(urban)
    rows = np.flatnonzero(~covered)
    rows = rows[np.argsort(-pop[rows], kind="stable")]
    return Coverage(
        population=int(pop.sum()),
        covered_population=int(pop[covered].sum()),
        nearest_m=nearest,
        covered=covered,
        uncovered=rows,
    )
