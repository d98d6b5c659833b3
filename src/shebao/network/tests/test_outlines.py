"""District outlines come from the official boundary package, in our datum (WGS-84), and the maps can
fetch them without a tile server."""

import pytest
from shapely.geometry import Point, shape

from shebao.network import boundaries
from shebao.network.mapcoords import wgs84_to_gcj02

JIEFANGBEI = (29.5570, 106.5690)  # WGS-84, in Yuzhong on its peninsula
GUANYINQIAO = (29.5770, 106.5330)  # WGS-84, in Jiangbei across the Jialing river


def test_a_point_lies_in_the_district_it_is_in_and_in_no_neighbour():
    assert boundaries.contains("500103", *JIEFANGBEI) is True
    assert boundaries.contains("500105", *JIEFANGBEI) is False
    assert boundaries.contains("500105", *GUANYINQIAO) is True
    assert boundaries.contains("500103", *GUANYINQIAO) is False


def test_a_code_with_no_outline_is_unknown_not_outside():
    assert boundaries.contains("CQ-YZ", *JIEFANGBEI) is None
    assert boundaries.contains("999999", *JIEFANGBEI) is None
    assert boundaries.outline("50010") is None


def test_outlines_are_moved_from_the_map_apps_datum_to_gps():
    """AMap's outlines are in GCJ-02, offset some 300-500 m here; ours are WGS-84. The outline's centre,
    moved back to GCJ-02, must be the package's own centre (up to the simplification)."""
    import json

    raw = shape(json.loads((boundaries._ROOT / "500103.geojson").read_text(encoding="utf-8")))
    ours = boundaries.outline("500103")
    c = ours.centroid
    g_lat, g_lng = wgs84_to_gcj02(c.y, c.x)
    assert Point(g_lng, g_lat).distance(raw.centroid) < 0.0002  # about 20 m
    assert c.distance(raw.centroid) > 0.002  # the datum shift itself, a few hundred metres


@pytest.mark.django_db
def test_the_maps_fetch_the_districts_of_an_area(client, cast):
    response = client.get("/outlets/outlines/500000/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"]
    features = {f["properties"]["code"]: shape(f["geometry"]) for f in response.json()["features"]}
    assert sorted(features) == ["500101", "500103", "500105"]  # the cast's districts, not the province
    lat, lng = JIEFANGBEI
    assert features["500103"].contains(Point(lng, lat)) and not features["500105"].contains(Point(lng, lat))
    one = client.get("/outlets/outlines/500103/").json()["features"]
    assert [f["properties"]["code"] for f in one] == ["500103"]  # no child districts: the area itself
    assert client.get("/outlets/outlines/NOPE/").status_code == 404
