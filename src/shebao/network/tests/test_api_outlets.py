"""The outlet API: nearest with distance_m, classified search, coverage and siting; clear errors."""

import pytest

from shebao.network.models import Settlement
from shebao.testing import signed_in

from .helpers import small_network

pytestmark = pytest.mark.django_db


def test_nearest_returns_sorted_distances_and_navigation_links(client, cast, catalogue):
    small_network(cast)
    body = client.get("/api/v1/outlets/nearest", {"lat": 29.5567, "lng": 106.5689, "item": "PEN-CERT"}).json()
    assert [o["code"] for o in body] == ["CQ-YZ-H001", "T-VILLAGE", "CQ-JB-B001"]
    assert body[0]["distance_m"] < body[1]["distance_m"] < body[2]["distance_m"]
    assert all(o["accepts_item"] for o in body)
    assert set(body[0]["navigation"]) == {"amap", "baidu", "tencent"}


@pytest.mark.parametrize(("lat", "lng"), [("91", "106"), ("29", "181"), ("abc", "106"), ("nan", "106")])
def test_bad_coordinates_are_a_clear_error(client, cast, lat, lng):
    response = client.get("/api/v1/outlets/nearest", {"lat": lat, "lng": lng})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "bad_coordinates"


def test_an_unknown_item_is_a_404_naming_the_field(client, cast, catalogue):
    small_network(cast)
    response = client.get("/api/v1/outlets/nearest", {"lat": 29.5, "lng": 106.5, "item": "NOPE"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_item" and "item" in response.json()["error"]["fields"]


def test_an_unknown_region_is_a_404(client, cast):
    response = client.get("/api/v1/outlets", {"region": "999999"})
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_region"


def test_classified_search_by_region_and_fuzzy_text(client, cast, catalogue):
    small_network(cast)
    codes = [o["code"] for o in client.get("/api/v1/outlets", {"region": "500103"}).json()]
    assert sorted(codes) == ["CQ-YZ-H001", "T-VILLAGE"]
    assert [o["code"] for o in client.get("/api/v1/outlets", {"q": "jfb"}).json()] == ["T-VILLAGE"]
    assert [
        o["code"] for o in client.get("/api/v1/outlets", {"region": "500103", "item": "EMP-REG"}).json()
    ] == ["CQ-YZ-H001"]


def make_settlements(cast):
    Settlement.objects.create(
        code="S1",
        name="近处社区",
        agency=cast.yuzhong,
        population=5000,
        urban=True,
        latitude=29.5570,
        longitude=106.5690,
    )
    Settlement.objects.create(
        code="S2",
        name="远处村",
        agency=cast.yuzhong,
        population=800,
        urban=False,
        latitude=29.75,
        longitude=106.80,
    )


def test_a_manager_sees_coverage_and_siting_for_their_region(client, cast, catalogue):
    small_network(cast)
    make_settlements(cast)
    signed_in(client, cast.manager)
    body = client.get("/api/v1/coverage", {"region": "500103"}).json()
    assert body["population"] == 5800 and body["covered_population"] == 5000
    assert [s["code"] for s in body["uncovered"]] == ["S2"]
    assert body["assumptions"]["rural_radius_m"] == 5000
    siting = client.get("/api/v1/siting", {"region": "500103", "k": 3}).json()
    assert [s["code"] for s in siting["sites"]] == ["S2"] and siting["newly_covered"] == 800


def test_the_outsider_and_anonymous_are_refused_coverage(client, cast):
    assert client.get("/api/v1/coverage", {"region": "500103"}).status_code == 401
    signed_in(client, cast.outsider)
    assert client.get("/api/v1/coverage", {"region": "500103"}).status_code == 403
    assert client.get("/api/v1/siting", {"region": "500103"}).status_code == 403


def test_the_coverage_page_is_for_managers_only(client, cast):
    make_settlements(cast)
    assert client.get("/outlets/coverage/").status_code == 302
    signed_in(client, cast.outsider)
    assert client.get("/outlets/coverage/?region=500103").status_code == 403
    signed_in(client, cast.manager)
    page = client.get("/outlets/coverage/")
    assert page.status_code == 200 and "远处村" in page.content.decode()


def test_nearest_can_be_kept_to_one_area(client, cast, catalogue):
    small_network(cast)
    body = client.get("/api/v1/outlets/nearest", {"lat": 29.5754, "lng": 106.5322, "region": "500103"}).json()
    assert [o["code"] for o in body] == ["CQ-YZ-H001", "T-VILLAGE"]
    response = client.get("/api/v1/outlets/nearest", {"lat": 29.5, "lng": 106.5, "region": "999"})
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_region"


def test_the_finder_page_lists_an_area_by_item_without_a_location(client, cast, catalogue):
    small_network(cast)
    html = client.get("/outlets/", {"region": "500103", "item": "EMP-REG"}).content.decode()
    assert 'data-code="CQ-YZ-H001"' in html and 'data-code="T-VILLAGE"' not in html
    html = client.get("/outlets/", {"region": "500103"}).content.decode()
    assert 'data-code="CQ-YZ-H001"' in html and 'data-code="T-VILLAGE"' in html
    page = client.get("/outlets/", {"region": "500103", "item": "NOPE"})
    assert page.status_code == 404 and 'data-testid="finder-error"' in page.content.decode()


def test_coverage_assumptions_can_be_changed_and_bad_ones_are_named(client, cast, catalogue):
    small_network(cast)
    make_settlements(cast)
    signed_in(client, cast.manager)
    # The answer says which assumptions it used; out-of-range or non-numeric ones are refused by name.
    body = client.get("/api/v1/coverage", {"region": "500103", "rural_km": "15", "minutes": "20"}).json()
    assert body["assumptions"]["rural_radius_m"] == 15000 and body["assumptions"]["walk_minutes"] == 20
    for bad in ({"rural_km": "40"}, {"minutes": "abc"}, {"speed": "0"}):
        response = client.get("/api/v1/coverage", {"region": "500103", **bad})
        assert response.status_code == 422 and set(response.json()["error"]["fields"]) == set(bad)
    for bad_k in ("0", "201", "2.5", "x"):
        response = client.get("/api/v1/siting", {"region": "500103", "k": bad_k})
        assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["k"]
    page = client.get("/outlets/coverage/", {"region": "500103", "detour": "9"})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="detour-error"' in html and 'data-testid="coverage-error"' in html


@pytest.mark.parametrize(
    ("path", "limit"),
    [("/api/v1/outlets/nearest", "0"), ("/api/v1/outlets/nearest", "51"), ("/api/v1/outlets", "201")],
)
def test_a_limit_out_of_range_is_refused_not_clipped(client, cast, path, limit):
    response = client.get(path, {"lat": 29.5, "lng": 106.5, "limit": limit})
    assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["limit"]
