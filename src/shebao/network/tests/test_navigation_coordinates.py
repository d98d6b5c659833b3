"""WGS-84 → GCJ-02 → BD-09 conversions match published reference values, and the navigation links
carry the converted coordinates each map app expects."""

from urllib.parse import parse_qs, unquote, urlparse

import pytest

from shebao.network.mapcoords import (
    bd09_to_gcj02,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    navigation_links,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

# wandergis/coordtransform test/app.js (input 116.404, 39.915 in lng, lat order)
# and googollee/eviltransform's test vectors (Shanghai, Shenzhen, Beijing).
GCJ_VECTORS = [
    ((39.915, 116.404), (39.91640428150164, 116.41024449916938)),
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
]


@pytest.mark.parametrize(("wgs", "gcj"), GCJ_VECTORS)
def test_wgs84_to_gcj02_matches_published_values(wgs, gcj):
    lat, lng = wgs84_to_gcj02(*wgs)
    assert lat == pytest.approx(gcj[0], abs=2e-6)
    assert lng == pytest.approx(gcj[1], abs=2e-6)


def test_gcj02_and_bd09_match_coordtransform_values():
    assert gcj02_to_bd09(39.915, 116.404) == pytest.approx((39.92133699351021, 116.41036949371029), abs=1e-9)
    assert bd09_to_gcj02(39.915, 116.404) == pytest.approx((39.90865673957631, 116.39762729119315), abs=1e-9)


def test_wgs84_to_bd09_goes_through_gcj02_and_gcj02_inverts_to_a_centimetre():
    assert wgs84_to_bd09(29.5567, 106.5689) == gcj02_to_bd09(*wgs84_to_gcj02(29.5567, 106.5689))
    back = gcj02_to_wgs84(*wgs84_to_gcj02(29.5567, 106.5689))
    assert back == pytest.approx((29.5567, 106.5689), abs=1e-7)


def test_points_outside_china_are_not_shifted():
    assert wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)
    assert wgs84_to_bd09(51.5, -0.12) == (51.5, -0.12)


def test_each_link_carries_the_coordinates_its_app_expects():
    links = navigation_links(name="渝中区社保服务大厅", lat=29.5567, lng=106.5689, address="渝中区民族路")
    g_lat, g_lng = wgs84_to_gcj02(29.5567, 106.5689)
    b_lat, b_lng = wgs84_to_bd09(29.5567, 106.5689)
    amap = parse_qs(urlparse(links["amap"]).query)
    assert amap["position"] == [f"{g_lng:.6f},{g_lat:.6f}"] and amap["name"] == ["渝中区社保服务大厅"]
    baidu = parse_qs(urlparse(links["baidu"]).query)
    assert baidu["location"] == [f"{b_lat:.6f},{b_lng:.6f}"] and baidu["coord_type"] == ["bd09ll"]
    assert f"coord:{g_lat:.6f},{g_lng:.6f};" in links["tencent"]
    assert "渝中区社保服务大厅" in unquote(links["tencent"])
