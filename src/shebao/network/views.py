from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shebao.core import qr
from shebao.core.errors import ApplicationError, NotFound
from shebao.core.models import Agency, OutletStatus
from shebao.core.permissions import can, require, staff_of
from shebao.network import boundaries, items, monitoring, selectors, services
from shebao.network.agreement_selectors import point_agreement
from shebao.network.models import AgreementStatus

NEAREST_SHOWN = 10
LISTED = 50


def outlet_map(request: HttpRequest) -> HttpResponse:
    """The e-map and its list: nearest first from the browser's location, a QR code's ?lat=&lng=, or a
    typed place; a typed name that is no place becomes a fuzzy search of outlet names and addresses; an
    area alone is the classified query (area + item). Every filter applies to every kind of search."""
    lat, lng = request.GET.get("lat", ""), request.GET.get("lng", "")
    place, item = request.GET.get("place", "").strip(), request.GET.get("item", "")
    if place:  # a typed place wins over coordinates left from an earlier search (outlet-map.js not yet run)
        lat = lng = ""
    area = request.GET.get("region", "")
    open_now = request.GET.get("open_now") == "1"
    catalogue = items.catalogue_items()
    context = {
        "lat": lat,
        "lng": lng,
        "place": place,
        "item": item,
        "region": area,
        "open_now": open_now,
        "items": [(i.code, items.display_name(i)) for i in catalogue],
        "districts": selectors.districts(),
        "tile_url": settings.SHEBAO.get("MAP_TILE_URL", ""),
        "results": [],
        "origin": None,
        "error": None,
        "searched": bool((lat and lng) or place or area),
    }
    status = 200
    filters = {"item": item, "open_now": open_now, "region_code": area}
    try:
        if lat or lng:
            origin = selectors.check_coordinates(lat, lng)
            context["origin"] = {"label": "", "lat": origin[0], "lng": origin[1]}
        elif place:
            found = selectors.place_from_text(place)
            if found:
                context["origin"] = {"label": found[0], "lat": found[1], "lng": found[2]}
        if context["origin"]:
            o = context["origin"]
            context["results"] = selectors.nearest_outlets(
                lat=o["lat"], lng=o["lng"], limit=NEAREST_SHOWN, **filters
            )
        elif place or area:
            context["results"] = selectors.outlet_search(q=place, limit=LISTED, **filters)
    except ApplicationError as exc:
        context["error"], status = exc, exc.status
    if item:
        context["item_name"] = dict(context["items"]).get(item, item)
    context["region_name"] = next((d.name for d in context["districts"] if d.code == area), "")
    context["capped"] = not context["origin"] and len(context["results"]) >= LISTED
    root = Agency.objects.filter(parent=None).order_by("code").values_list("code", flat=True).first()
    context["outline_code"] = (area if area.isalnum() else "") or root or ""
    context["points"] = [
        {"name": r.outlet.name, "lat": r.outlet.latitude, "lng": r.outlet.longitude, "n": i + 1}
        for i, r in enumerate(context["results"])
    ]
    return render(request, "network/map.html", context, status=status)


def outlet_page(request: HttpRequest, code: str) -> HttpResponse:
    """One point: status, today's and the week's hours, what it accepts, how to get there. Managers over
    the point also see its agreement and may change its status or the agreement's."""
    detail = selectors.outlet_detail(code)
    manages = can(request.user, "network.outlet.manage", detail.outlet)
    manages_agreement = can(request.user, "network.agreement.manage", detail.outlet)
    in_force = detail.agreement is not None and detail.agreement.status == AgreementStatus.ACTIVE
    context = {
        "d": detail,
        "o": detail.outlet,
        "items": [(i.code, items.display_name(i)) for i in detail.items],
        "manages": manages,
        "manages_agreement": manages_agreement,
        "may_sign": manages_agreement
        and items.needs_agreement(detail.outlet.level, detail.outlet.kind)
        and not in_force,
        "statuses": OutletStatus.choices,
        "tile_url": settings.SHEBAO.get("MAP_TILE_URL", ""),
        "points": [
            {
                "name": detail.outlet.name,
                "lat": detail.outlet.latitude,
                "lng": detail.outlet.longitude,
                "n": 1,
            }
        ],
    }
    return render(request, "network/outlet.html", context)


def outlines(request: HttpRequest, code: str) -> HttpResponse:
    """The outlines a map draws under its points when no tile server is set: the area's districts, or
    the area itself when none of its children is an administrative division with an outline."""
    area = selectors.region(code)
    assert area is not None
    codes = area.children.order_by("code").values_list("code", flat=True)
    children = [c for c in codes if boundaries.outline(c) is not None]
    response = HttpResponse(
        boundaries.feature_collection(tuple(children or [area.code])), content_type="application/geo+json"
    )
    response["Cache-Control"] = "public, max-age=86400"  # public data that changes with a package upgrade
    return response


def outlet_plaque(request: HttpRequest, code: str) -> HttpResponse:
    """A printable plaque for the door: its QR code lists the service points nearest to this one."""
    detail = selectors.outlet_detail(code)
    o = detail.outlet
    url = request.build_absolute_uri(reverse("network:map") + f"?lat={o.latitude:.6f}&lng={o.longitude:.6f}")
    return render(request, "network/plaque.html", {"o": o, "url": url, "qr": qr.svg(url, scale=8)})


@login_required
@require_POST
def outlet_status(request: HttpRequest, code: str) -> HttpResponse:
    outlet = selectors.outlet_detail(code).outlet
    try:
        services.outlet_set_status(
            actor=request.user,
            outlet=outlet,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("The point's status was changed."))
    except ApplicationError as exc:
        refused(request, exc)
    return redirect("network:outlet", code=outlet.code)


def refused(request: HttpRequest, exc: ApplicationError) -> None:
    """A refusal changes nothing: say why."""
    if exc.status == 403:
        raise exc
    messages.error(request, refusal(exc))


def refusal(exc: ApplicationError) -> str:
    """The message with each field's own reason (the most specific part)."""
    return " ".join([str(exc.message), *(str(msg) for msg in exc.fields.values())])


MANAGED_PER_PAGE = 50


@login_required
def outlets_overseen(request: HttpRequest) -> HttpResponse:
    """The manager's list of their area's points (administrators: all), to find one and open it: its page
    has the status and the agreement to change."""
    staff = require(request.user, "network.outlet.oversee")
    q, status = request.GET.get("q", "").strip(), request.GET.get("status", "")
    context = {
        "q": q,
        "status": status,
        "statuses": OutletStatus.choices,
        "area": staff.agency,
        "error": None,
    }
    try:
        outlets = selectors.outlets_overseen(staff, q=q, status=status)
    except ApplicationError as exc:
        context["error"] = refusal(exc)
        outlets = selectors.outlets_overseen(staff, q=q)
    context["page"] = Paginator(outlets, MANAGED_PER_PAGE).get_page(request.GET.get("page"))
    today = selectors.local_now().date()
    context["rows"] = [(o, point_agreement(o, today)) for o in context["page"].object_list]
    # The map (network/outlet-map.js) numbers the points of this page as the table does.
    context["points"] = [
        {"name": o.name, "lat": o.latitude, "lng": o.longitude, "n": i}
        for i, o in enumerate(context["page"].object_list, start=1)
        if o.latitude is not None and o.longitude is not None
    ]
    context["tile_url"] = settings.SHEBAO.get("MAP_TILE_URL", "")
    query = {k: v for k, v in (("q", q), ("status", status)) if v and not context["error"]}
    context["query"] = urlencode(query)
    return render(request, "network/overseen.html", context, status=400 if context["error"] else 200)


@login_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    """The monitoring platform: coverage per district, the people left outside, where to open points."""
    staff = staff_of(request.user)
    code = request.GET.get("region") or (staff.agency.code if staff else "")
    area = selectors.region(code) if code else Agency.objects.filter(parent=None).order_by("code").first()
    require(request.user, "network.coverage.view", area)
    if area is None:
        raise NotFound()
    field_errors: dict = {}
    try:
        assumptions, k = monitoring.parameters(request.GET)
    except ApplicationError as exc:  # say which field is wrong, and show the defaults meanwhile
        field_errors = exc.fields
        assumptions, k = monitoring.parameters({})
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
        # The proven bound as "at most this many per cent more people" than the proposed points reach.
        "field_errors": field_errors,
        "gap_percent": None if siting.gap is None or siting.gap >= 1 else siting.gap / (1 - siting.gap) * 100,
        "tile_url": settings.SHEBAO.get("MAP_TILE_URL", ""),
        "points": [
            {"name": s["name"], "lat": s["latitude"], "lng": s["longitude"], "n": i + 1}
            for i, s in enumerate(siting.sites)
        ],
    }
    return render(request, "network/coverage.html", context)
