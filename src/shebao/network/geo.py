"""Great-circle geometry on WGS-84 coordinates, vectorised with NumPy (no database).

Distances use a spherical Earth of mean radius 6,371,008.8 m: for the few kilometres of a service circle
the error against the ellipsoid is under 0.5 %, far below how exactly anyone walks. Points are also mapped
to 3-D unit vectors, where the straight-line (chord) distance grows with the great-circle distance, so a
k-d tree over the vectors answers great-circle nearest-neighbour questions exactly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

EARTH_RADIUS_M = 6_371_008.8

# Every place the service reaches lies in this box (China's extreme points, rounded outwards): a point
# outside it is a mistake (0,0 from a phone without a fix, latitude and longitude swapped), not a citizen.
CHINA_LAT = (3.8, 53.6)
CHINA_LNG = (73.5, 135.1)


def valid_coordinates(lat: float, lng: float) -> bool:
    return (
        isinstance(lat, int | float)
        and isinstance(lng, int | float)
        and math.isfinite(lat)
        and math.isfinite(lng)
        and -90 <= lat <= 90
        and -180 <= lng <= 180
    )


def in_china(lat: float, lng: float) -> bool:
    return CHINA_LAT[0] <= lat <= CHINA_LAT[1] and CHINA_LNG[0] <= lng <= CHINA_LNG[1]


def haversine_m(lat1, lng1, lat2, lng2):
    """Great-circle distance in metres; any argument may be a NumPy array (broadcast)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lng2) - np.asarray(lng1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def unit_vectors(lat, lng) -> np.ndarray:
    """(n, 3) unit vectors for arrays of latitudes and longitudes in degrees."""
    phi, lam = np.radians(np.asarray(lat, dtype=float)), np.radians(np.asarray(lng, dtype=float))
    cos_phi = np.cos(phi)
    return np.column_stack([cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)])


def chord_to_m(chord):
    """Great-circle metres for a chord length on the unit sphere."""
    return 2 * EARTH_RADIUS_M * np.arcsin(np.clip(np.asarray(chord) / 2, 0.0, 1.0))


def chords_to_m(chords: Iterable[float]) -> list[float]:
    """`chord_to_m` for a handful of chords, in plain Python (faster than NumPy's per-call cost)."""
    chords = list(chords)
    if chords and (max(chords) > 2.0 or min(chords) < 0.0):  # rounding, past the diameter or below 0
        chords = [min(max(c, 0.0), 2.0) for c in chords]
    diameter, asin = 2 * EARTH_RADIUS_M, math.asin
    return [diameter * asin(c * 0.5) for c in chords]


def m_to_chord(metres: float) -> float:
    """The chord on the unit sphere of a great-circle distance (for radius queries on the tree)."""
    return 2 * math.sin(min(metres / EARTH_RADIUS_M, math.pi) / 2)
