"""Great-circle geometry checked against GeographicLib, not against our own constants: distances, the
chord of a radius (which the coverage circle and the siting matrix query the tree with) and the bounds of
valid coordinates."""

import math

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from shebao.network import siting
from shebao.network.coverage import CircleAssumptions, coverage
from shebao.network.geo import (
    CHINA_LAT,
    CHINA_LNG,
    chord_to_m,
    chords_to_m,
    haversine_m,
    in_china,
    m_to_chord,
    unit_vectors,
    valid_coordinates,
)

WGS84 = Geodesic.WGS84
SPHERE = Geodesic(WGS84.a * (1 - WGS84.f / 3), 0)  # WGS-84's mean radius R1 = a(1 - f/3)


def point_at(lat, lng, azimuth, metres, earth=SPHERE):
    end = earth.Direct(lat, lng, azimuth, metres)
    return end["lat2"], end["lon2"]


@pytest.mark.parametrize(
    "lat1,lng1,lat2,lng2",
    [
        (29.56, 106.55, 29.57, 106.56),
        (29.56, 106.55, 31.0, 108.4),
        (-33.9, 151.2, 51.5, -0.1),
        (0, 0, 0, 179),
    ],
)
def test_haversine_agrees_with_a_geodesic_on_the_mean_sphere(lat1, lng1, lat2, lng2):
    expected = SPHERE.Inverse(lat1, lng1, lat2, lng2)["s12"]
    assert float(haversine_m(lat1, lng1, lat2, lng2)) == pytest.approx(expected, rel=1e-8)


def test_within_chongqing_the_sphere_is_within_half_a_percent_of_the_ellipsoid():
    rng = np.random.default_rng(1)
    for _ in range(50):
        lat, lng = rng.uniform(28.2, 32.1), rng.uniform(105.3, 110.1)
        lat2, lng2 = point_at(lat, lng, rng.uniform(0, 360), rng.uniform(100, 20_000), WGS84)
        ellipsoid = WGS84.Inverse(lat, lng, lat2, lng2)["s12"]
        assert float(haversine_m(lat, lng, lat2, lng2)) == pytest.approx(ellipsoid, rel=0.005)


@pytest.mark.parametrize("metres", [1.0, 865.4, 5000.0, 250_000.0, 5_000_000.0])
def test_the_chord_of_a_radius_is_the_straight_line_between_points_that_far_apart(metres):
    a = (29.56, 106.55)
    b = point_at(*a, 37.0, metres)
    va, vb = unit_vectors([a[0], b[0]], [a[1], b[1]])
    assert m_to_chord(metres) == pytest.approx(float(np.linalg.norm(va - vb)), rel=1e-7)
    assert float(chord_to_m(m_to_chord(metres))) == pytest.approx(metres, rel=1e-7)


def test_a_chord_never_exceeds_the_diameter():
    half_way_round = math.pi * SPHERE.a
    assert m_to_chord(half_way_round) == pytest.approx(2.0)
    assert m_to_chord(3 * half_way_round) == pytest.approx(2.0)
    assert float(chord_to_m(2.0)) == pytest.approx(half_way_round, rel=1e-7)


@pytest.mark.parametrize("side", [-1, 1])
def test_coverage_draws_the_circle_at_its_radius_neither_wider_nor_narrower(side):
    # Settlements 1% inside and 1% outside the urban walk and the rural 5 km, in four directions.
    outlet = (29.56, 106.55)
    urban_r, rural_r = CircleAssumptions().urban_radius_m, CircleAssumptions().rural_radius_m
    lats, lngs, urban = [], [], []
    for azimuth in (0, 90, 180, 270):
        for radius, is_urban in ((urban_r, True), (rural_r, False)):
            lat, lng = point_at(*outlet, azimuth, radius * (1 + side * 0.01), WGS84)
            lats.append(lat), lngs.append(lng), urban.append(is_urban)
    settlements = (np.array(lats), np.array(lngs), np.ones(len(lats), int), np.array(urban))
    result = coverage(settlements, (np.array([outlet[0]]), np.array([outlet[1]])))
    assert result.covered.all() if side < 0 else not result.covered.any()


@pytest.mark.parametrize("side", [-1, 1])
def test_a_site_covers_a_settlement_exactly_within_the_settlements_radius(side):
    site = (29.56, 106.55)
    radii = np.array([865.0, 5000.0])
    ends = [point_at(*site, 45, r * (1 + side * 0.01), WGS84) for r in radii]
    a = siting.cover_matrix(
        [e[0] for e in ends], [e[1] for e in ends], radii, np.array([site[0]]), np.array([site[1]])
    )
    assert a.toarray().tolist() == ([[1.0, 1.0]] if side < 0 else [[0.0, 0.0]])


@pytest.mark.parametrize(
    "lat,lng", [(-90, -180), (90, 180), (-90.0, 180.0), (0, 0), (89.999999, -179.999999), (-45, 45.5)]
)
def test_coordinates_on_and_inside_the_bounds_are_valid(lat, lng):
    assert valid_coordinates(lat, lng)


@pytest.mark.parametrize(
    "lat,lng",
    [
        (-90.000001, 0),
        (90.000001, 0),
        (0, -180.000001),
        (0, 180.000001),
        (float("nan"), 0),
        (0, float("inf")),
        (float("-inf"), 0),
        ("29.5", 106.5),
        (29.5, None),
    ],
)
def test_coordinates_beyond_the_bounds_or_not_numbers_are_invalid(lat, lng):
    assert not valid_coordinates(lat, lng)


# China's extreme points (the box must hold them all, the southern islands included) and, a few tenths of a
# degree past each side of the box, places that are not in China (a box one degree too wide or too narrow on
# any side fails one of them).
EXTREMES = {
    "Mohe, north": (53.56, 122.35),
    "Zengmu Ansha, south": (3.97, 112.28),
    "Pamirs at Wuqia, west": (39.38, 73.56),
    "Heilong and Wusuli meet, east": (48.45, 135.08),
}
BEYOND = {
    "Siberia": (53.9, 122.35),
    "Borneo": (3.4, 112.28),
    "Tajikistan": (39.38, 73.2),
    "Khabarovsk east": (48.45, 135.4),
}


@pytest.mark.parametrize("place", EXTREMES)
def test_china_s_extreme_points_are_in_china(place):
    assert in_china(*EXTREMES[place])


@pytest.mark.parametrize("place", BEYOND)
def test_places_just_past_the_box_are_not(place):
    assert not in_china(*BEYOND[place])


def test_the_box_s_own_corners_are_inside_it():
    assert in_china(CHINA_LAT[0], CHINA_LNG[0]) and in_china(CHINA_LAT[1], CHINA_LNG[1])


def test_the_plain_python_chord_conversion_agrees_with_the_vectorised_one():
    chords = [0.0, 1e-9, 1.4e-4, 0.5, 1.999999, 2.0, 2.0000001, -1e-12]
    assert chords_to_m(chords) == pytest.approx(chord_to_m(np.array(chords)).tolist(), rel=1e-12)
    assert chords_to_m(chords)[-3:] == [pytest.approx(math.pi * 6_371_008.8)] * 2 + [0.0]
    # Each rounding on its own (one out of range is enough to be clamped, whichever side it is on).
    assert chords_to_m([0.5, 2.0000001])[1] == pytest.approx(math.pi * 6_371_008.8)
    assert chords_to_m([-1e-12, 0.5])[0] == 0.0


def test_antipodal_points_are_half_the_circumference_apart_not_nan():
    # For these points rounding puts the haversine term a hair above 1: the answer is still πR.
    for lat, lng in [(76.72108224, -108.72571513), (9.62810939, 27.45849842), (-40.25486045, -134.44320096)]:
        far_lng = lng + 180 if lng < 0 else lng - 180
        metres = float(haversine_m(lat, lng, -lat, far_lng))
        assert metres == pytest.approx(math.pi * SPHERE.a, rel=1e-8)
