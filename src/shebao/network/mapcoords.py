"""WGS-84 → GCJ-02 → BD-09 and navigation links into the map apps people use (no database).

Outlets are stored in WGS-84. Chinese map apps expect GCJ-02 (AMap, Tencent) or BD-09 (Baidu), and a
WGS-84 point shown on them lands 300-600 m off, so every link converts first. GCJ-02 is the published
reverse-engineered transform (Krasovsky 1940 ellipsoid constants, the ones the map SDKs use); BD-09 is
Baidu's offset on top of GCJ-02. Outside mainland China the apps use WGS-84 unchanged.
"""

from __future__ import annotations

import math
from urllib.parse import quote, urlencode

_A = 6378245.0  # semi-major axis used by GCJ-02
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0


def out_of_china(lat: float, lng: float) -> bool:
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """(lat, lng) in WGS-84 → (lat, lng) in GCJ-02."""
    if out_of_china(lat, lng):
        return lat, lng
    d_lat = _transform_lat(lng - 105.0, lat - 35.0)
    d_lng = _transform_lng(lng - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lat + d_lat, lng + d_lng


def gcj02_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    """(lat, lng) in GCJ-02 → (lat, lng) in BD-09."""
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def wgs84_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    if out_of_china(lat, lng):
        return lat, lng
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lng))


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """Inverse by fixed-point iteration (error < 1e-7 degrees, about 1 cm), for typed map coordinates."""
    if out_of_china(lat, lng):
        return lat, lng
    w_lat, w_lng = lat, lng
    for _ in range(30):
        g_lat, g_lng = wgs84_to_gcj02(w_lat, w_lng)
        d_lat, d_lng = g_lat - lat, g_lng - lng
        w_lat, w_lng = w_lat - d_lat, w_lng - d_lng
        if max(abs(d_lat), abs(d_lng)) < 1e-9:
            break
    return w_lat, w_lng


def navigation_links(*, name: str, lat: float, lng: float, address: str = "") -> dict[str, str]:
    """Deep links that open the point in AMap, Baidu Maps and Tencent Maps (web page or app)."""
    g_lat, g_lng = wgs84_to_gcj02(lat, lng)
    b_lat, b_lng = wgs84_to_bd09(lat, lng)
    amap = "https://uri.amap.com/marker?" + urlencode(
        {
            "position": f"{g_lng:.6f},{g_lat:.6f}",
            "name": name,
            "coordinate": "gaode",
            "callnative": "1",
            "src": "shebao",
        }
    )
    baidu = "https://api.map.baidu.com/marker?" + urlencode(
        {
            "location": f"{b_lat:.6f},{b_lng:.6f}",
            "title": name,
            "content": address or name,
            "coord_type": "bd09ll",
            "output": "html",
            "src": "webapp.shebao.one-window",
        }
    )
    # Tencent's marker parameter is itself a ';'-separated list: quote the values, keep the separators.
    marker = f"coord:{g_lat:.6f},{g_lng:.6f};title:{quote(name)};addr:{quote(address or name)}"
    tencent = f"https://apis.map.qq.com/uri/v1/marker?marker={marker}&referer=shebao"
    return {"amap": amap, "baidu": baidu, "tencent": tencent}
