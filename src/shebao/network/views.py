from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shebao.core.errors import ApplicationError
from shebao.core.models import Agency
from shebao.core.permissions import require, staff_of
from shebao.network import items, monitoring, selectors
from shebao.network.coverage import CircleAssumptions
from shebao.network.models import Settlement

NEAREST_SHOWN = 10


def _place(text: str) -> tuple[str, float, float] | None:
    """A typed district, town or village name → its coordinates (agency seats, then settlements)."""
    text = text.strip()
    if len(text) < 2:
        return None
    for agency in Agency.objects.filter(latitude__isnull=False).order_by("path"):
        short = agency.name.replace("社会保险事务中心", "").replace("社保中心", "")
        if short and (text in agency.name or short in text):
            return agency.name, agency.latitude, agency.longitude
    hit = Settlement.objects.filter(name=text).order_by("-population").first()
    return (hit.name, hit.latitude, hit.longitude) if hit else None


def outlet_map(request: HttpRequest) -> HttpResponse:
    """The e-map and its list: nearest first from the browser's location, a QR code's ?lat=&lng=, or a
    typed place; a typed name that is no place becomes a fuzzy search of outlet names and addresses."""
    lat, lng = request.GET.get("lat", ""), request.GET.get("lng", "")
    place, item = request.GET.get("place", ""), request.GET.get("item", "")
    open_now = request.GET.get("open_now") == "1"
    context = {
        "lat": lat,
        "lng": lng,
        "place": place,
        "item": item,
        "open_now": open_now,
        "items": [(i.code, items.display_name(i)) for i in items.catalogue_items()],
        "tile_url": settings.SHEBAO.get("MAP_TILE_URL", ""),
        "results": [],
        "origin": None,
        "error": None,
        "searched": bool((lat and lng) or place.strip()),
    }
    status = 200
    try:
        if lat or lng:
            origin = selectors.check_coordinates(lat, lng)
            context["origin"] = {"label": "", "lat": origin[0], "lng": origin[1]}
        elif place.strip():
            found = _place(place)
            if found:
                context["origin"] = {"label": found[0], "lat": found[1], "lng": found[2]}
        if context["origin"]:
            o = context["origin"]
            context["results"] = selectors.nearest_outlets(
                lat=o["lat"], lng=o["lng"], item=item, open_now=open_now, limit=NEAREST_SHOWN
            )
        elif place.strip():
            context["results"] = selectors.outlet_search(q=place, item=item, open_now=open_now, limit=20)
    except ApplicationError as exc:
        context["error"], status = exc, exc.status
    if item:
        context["item_name"] = dict(context["items"]).get(item, item)
    context["points"] = [
        {"name": r.outlet.name, "lat": r.outlet.latitude, "lng": r.outlet.longitude, "n": i + 1}
        for i, r in enumerate(context["results"])
    ]
    return render(request, "network/map.html", context, status=status)


def _float(request, name: str, default: float, low: float, high: float) -> float:
    try:
        value = float(request.GET.get(name, default))
    except ValueError:
        return default
    return min(max(value, low), high)


@login_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    """The monitoring platform: coverage per district, the people left outside, where to open points."""
    staff = staff_of(request.user)
    code = request.GET.get("region") or (staff.agency.code if staff else "")
    area = selectors.region(code) if code else None
    require(request.user, "network.coverage.view", area)
    assumptions = CircleAssumptions(
        walk_speed_kmh=_float(request, "speed", 4.5, 2.0, 6.0),
        walk_minutes=_float(request, "minutes", 15, 5, 30),
        detour_factor=_float(request, "detour", 1.3, 1.0, 2.0),
        rural_radius_m=_float(request, "rural_km", 5, 1, 15) * 1000,
    )
    k = int(_float(request, "k", 5, 1, monitoring.MAX_K))
    result = monitoring.region_coverage(area.code, assumptions, limit=30)
    siting = monitoring.region_siting(area.code, k, assumptions)
    context = {
        "area": area,
        "assumptions": assumptions,
        "rural_km": assumptions.rural_radius_m / 1000,
        "k": k,
        "result": result,
        "children": monitoring.coverage_by_child(area.code, assumptions),
        "siting": siting,
        "tile_url": settings.SHEBAO.get("MAP_TILE_URL", ""),
        "points": [
            {"name": s["name"], "lat": s["latitude"], "lng": s["longitude"], "n": i + 1}
            for i, s in enumerate(siting.sites)
        ],
    }
    return render(request, "network/coverage.html", context)
