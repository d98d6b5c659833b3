"""The monitoring platform's reads: coverage of the "15+5" circle per region, and where to open points.

Which outlets count for coverage: staffed outlets on the map (halls, centres, village points and partner
points with an agreement in force). Kiosks and pension terminals do not: they handle few items and no one
is there to help an elderly visitor. Settlements near a district border may be covered by a neighbouring
district's outlet, so all outlets count, not only the region's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy as _

from shebao.core.errors import ValidationFailed
from shebao.core.models import Agency
from shebao.network import coverage as cov
from shebao.network.index import snapshot
from shebao.network.items import SELF_SERVICE_KINDS
from shebao.network.models import Settlement
from shebao.network.selectors import local_now, region

MAX_K = 200
# name: (default, lowest, highest) of every assumption a manager may change, as the page and API take them.
PARAMETERS = {
    "speed": (4.5, 2.0, 6.0),  # walking speed, km/h
    "minutes": (15.0, 5.0, 30.0),  # urban walk
    "detour": (1.3, 1.0, 2.0),  # street distance / straight line
    "rural_km": (5.0, 1.0, 15.0),
    "k": (5, 1, MAX_K),
}


def parameters(given) -> tuple[cov.CircleAssumptions, int]:
    """The assumptions and k from a query (missing ones take their defaults); a value that is not a
    number or is out of range is refused with the field named, never silently replaced."""
    values, errors = {}, {}
    for name, (default, low, high) in PARAMETERS.items():
        raw = given.get(name)
        try:
            value = float(default if raw in (None, "") else raw)
        except (TypeError, ValueError):
            value = float("nan")
        if not (low <= value <= high) or (name == "k" and value != int(value)):
            errors[name] = _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}
        values[name] = value
    if errors:
        raise ValidationFailed(fields=errors)
    assumptions = cov.CircleAssumptions(
        walk_speed_kmh=values["speed"],
        walk_minutes=values["minutes"],
        detour_factor=values["detour"],
        rural_radius_m=values["rural_km"] * 1000,
    )
    return assumptions, int(values["k"])


@dataclass
class RegionCoverage:
    agency: Agency
    population: int
    covered_population: int
    share: float
    settlements: int
    uncovered: list[dict]  # most people first

    @property
    def percent(self) -> float:
        return self.share * 100


@dataclass
class SitingResult:
    agency: Agency
    k: int
    sites: list[dict]
    newly_covered: int
    uncovered_before: int
    population: int
    covered_before: int
    gap: float | None = None  # the answer is at most this share below the best possible (Lagrangian bound)


def _outlet_points() -> tuple[np.ndarray, np.ndarray]:
    snap = snapshot()
    mask = snap.on_map(local_now().date())
    kinds = np.array([g[1] in SELF_SERVICE_KINDS for g in snap.groups], dtype=bool)
    if len(kinds):
        mask &= ~kinds[snap.group]
    return snap.index.lats[mask], snap.index.lngs[mask]


def _settlements(area: Agency):
    return list(
        Settlement.objects.filter(agency__path__startswith=area.path)
        .order_by("id")
        .values("id", "code", "name", "agency_id", "population", "urban", "latitude", "longitude")
    )


def _coverage_of(rows: list[dict], outlets, assumptions) -> cov.Coverage:
    arrays = (
        np.array([r["latitude"] for r in rows], dtype=float),
        np.array([r["longitude"] for r in rows], dtype=float),
        np.array([r["population"] for r in rows], dtype=np.int64),
        np.array([r["urban"] for r in rows], dtype=bool),
    )
    return cov.coverage(arrays, outlets, assumptions)


def _uncovered(rows, result: cov.Coverage, limit: int) -> list[dict]:
    return [
        {
            **rows[i],
            "nearest_m": round(float(result.nearest_m[i])) if np.isfinite(result.nearest_m[i]) else None,
        }
        for i in result.uncovered[:limit]
    ]


def region_coverage(
    region_code: str,
    assumptions: cov.CircleAssumptions = cov.DEFAULT_ASSUMPTIONS,
    *,
    limit: int = 100,
) -> RegionCoverage:
    area = region(region_code)
    assert area is not None
    rows = _settlements(area)
    result = _coverage_of(rows, _outlet_points(), assumptions)
    return RegionCoverage(
        agency=area,
        population=result.population,
        covered_population=result.covered_population,
        share=result.share,
        settlements=len(rows),
        uncovered=_uncovered(rows, result, limit),
    )


def coverage_by_child(region_code: str, assumptions=cov.DEFAULT_ASSUMPTIONS) -> list[RegionCoverage]:
    """One line per child agency (districts of a city), for the manager's table."""
    area = region(region_code)
    assert area is not None
    outlets = _outlet_points()
    rows = _settlements(area)
    lines = []
    for child in area.children.order_by("code"):
        own = [r for r in rows if r["agency_id"] == child.id] or []
        if not own:
            continue
        result = _coverage_of(own, outlets, assumptions)
        lines.append(
            RegionCoverage(child, result.population, result.covered_population, result.share, len(own), [])
        )
    return lines


def region_siting(
    region_code: str,
    k: int,
    assumptions: cov.CircleAssumptions = cov.DEFAULT_ASSUMPTIONS,
) -> SitingResult:
    """k new points for the region: candidates are the uncovered settlements themselves (a point is
    opened in the village or community), demand is their people."""
    # Imported here, not with the module: its compiled steps bring numba, which a web worker that never
    # sites a point should not load (0.3 s and about 90 MB each).
    from shebao.network import siting

    area = region(region_code)
    assert area is not None
    k = max(1, min(int(k), MAX_K))
    rows = _settlements(area)
    result = _coverage_of(rows, _outlet_points(), assumptions)
    demand = [rows[i] for i in result.uncovered]
    lats = np.array([r["latitude"] for r in demand], dtype=float)
    lngs = np.array([r["longitude"] for r in demand], dtype=float)
    weights = np.array([r["population"] for r in demand], dtype=float)
    radii = assumptions.radii(np.array([r["urban"] for r in demand], dtype=bool))
    a = siting.cover_matrix(lats, lngs, radii, lats, lngs)
    solution = siting.solve(a, weights, k)
    sites = []
    already = np.zeros(len(demand), dtype=bool)
    for c in solution.chosen:
        cols = a[c].indices
        gain = int(weights[cols[~already[cols]]].sum())
        already[cols] = True
        sites.append({**demand[c], "newly_covered": gain, "settlements_reached": len(cols)})
    return SitingResult(
        agency=area,
        k=k,
        sites=sites,
        newly_covered=int(solution.covered_weight),
        uncovered_before=int(weights.sum()),
        population=result.population,
        covered_before=result.covered_population,
        gap=solution.gap,
    )
