"""Outlet finder and monitoring API. The finder is public (citizens use it without signing in); coverage
and siting are for managers. Errors keep the project's shape {"error": {"code", "message", "fields"}}."""

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.security import django_auth

from shebao.core.errors import ValidationFailed
from shebao.core.models import Agency
from shebao.core.permissions import require
from shebao.network import monitoring, selectors
from shebao.network.selectors import OutletResult

router = Router(tags=["network"])


class LinksOut(Schema):
    amap: str
    baidu: str
    tencent: str


class OutletOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    tier: str
    address: str
    phone: str
    latitude: float
    longitude: float
    step_free: bool
    elderly_priority: bool
    region: str
    open_now: bool
    accepts_item: bool | None
    distance_m: float | None
    navigation: LinksOut


def outlet_out(result: OutletResult) -> dict:
    o = result.outlet
    return {
        "code": o.code,
        "name": o.name,
        "level": o.level,
        "kind": o.kind,
        "tier": o.tier,
        "address": o.address,
        "phone": o.phone,
        "latitude": o.latitude,
        "longitude": o.longitude,
        "step_free": o.step_free,
        "elderly_priority": o.elderly_priority,
        "region": o.agency.code,
        "open_now": result.open_now,
        "accepts_item": result.accepts,
        "distance_m": result.distance_m,
        "navigation": result.links,
    }


@router.get("/outlets/nearest", response=list[OutletOut], summary="Nearest outlets, nearest first")
def outlets_nearest(
    request, lat: str, lng: str, item: str = "", open_now: bool = False, region: str = "", limit: int = 10
):
    """WGS-84 lat/lng; item: a catalogue code (only points that may accept it); open_now: by each
    point's hours and the official holiday calendar; region: an agency code; limit: 1 to 50."""
    results = selectors.nearest_outlets(
        lat=lat, lng=lng, item=item, open_now=open_now, region_code=region, limit=limit
    )
    return [outlet_out(r) for r in results]


@router.get("/outlets", response=list[OutletOut], summary="Classified and fuzzy outlet search")
def outlets_search(
    request, region: str = "", item: str = "", q: str = "", open_now: bool = False, limit: int = 50
):
    """Classified query (region, item) and fuzzy query (q: name or address, Chinese or pinyin);
    best match first when q is given, else by area and name; at most 200."""
    results = selectors.outlet_search(region_code=region, item=item, q=q, open_now=open_now, limit=limit)
    return [outlet_out(r) for r in results]


class UncoveredOut(Schema):
    code: str
    name: str
    population: int
    urban: bool
    latitude: float
    longitude: float
    nearest_m: int | None


class CoverageOut(Schema):
    region: str
    name: str
    population: int
    covered_population: int
    share: float
    settlements: int
    assumptions: dict
    uncovered: list[UncoveredOut]


def _area(code: str) -> Agency:
    """Coverage and siting are for one area; with none, the rule would judge the whole country."""
    area = selectors.region(code)
    if area is None:
        raise ValidationFailed(fields={"region": _("Enter a region (agency) code.")})
    return area


def _assumptions(a) -> dict:
    return {
        "walk_speed_kmh": a.walk_speed_kmh,
        "walk_minutes": a.walk_minutes,
        "detour_factor": a.detour_factor,
        "urban_radius_m": round(a.urban_radius_m),
        "rural_radius_m": a.rural_radius_m,
    }


@router.get(
    "/coverage", response=CoverageOut, auth=django_auth, summary="Share of people within the 15+5 circle"
)
def coverage(
    request,
    region: str,
    speed: str = "",
    minutes: str = "",
    detour: str = "",
    rural_km: str = "",
):
    """Assumptions may be changed per request (walking speed km/h, urban walk minutes, detour factor,
    rural radius km); the answer says which were used."""
    area = _area(region)
    require(request.user, "network.coverage.view", area)
    assumptions, _k = monitoring.parameters(
        {"speed": speed, "minutes": minutes, "detour": detour, "rural_km": rural_km}
    )
    result = monitoring.region_coverage(region, assumptions)
    return {
        "region": area.code,
        "name": area.name,
        "population": result.population,
        "covered_population": result.covered_population,
        "share": round(result.share, 4),
        "settlements": result.settlements,
        "assumptions": _assumptions(assumptions),
        "uncovered": result.uncovered,
    }


class SiteOut(Schema):
    code: str
    name: str
    latitude: float
    longitude: float
    population: int
    newly_covered: int
    settlements_reached: int


class SitingOut(Schema):
    region: str
    k: int
    uncovered_before: int
    newly_covered: int
    max_gap: float | None  # share below the best possible k sites, at most (a proven bound)
    sites: list[SiteOut]


@router.get(
    "/siting", response=SitingOut, auth=django_auth, summary="Where k new points cover the most people"
)
def siting(
    request,
    region: str,
    k: str = "",
    speed: str = "",
    minutes: str = "",
    detour: str = "",
    rural_km: str = "",
):
    area = _area(region)
    require(request.user, "network.coverage.view", area)
    assumptions, k_sites = monitoring.parameters(
        {"k": k, "speed": speed, "minutes": minutes, "detour": detour, "rural_km": rural_km}
    )
    result = monitoring.region_siting(region, k_sites, assumptions)
    return {
        "region": area.code,
        "k": result.k,
        "uncovered_before": result.uncovered_before,
        "newly_covered": result.newly_covered,
        "max_gap": None if result.gap is None else round(result.gap, 6),
        "sites": result.sites,
    }
