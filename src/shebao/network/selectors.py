"""Reads of the outlet network, shared by pages and API: nearest search, classified and fuzzy search,
acceptance checks, coverage and siting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.catalog.models import ServiceItem
from shebao.core.errors import NotFound, ValidationFailed
from shebao.core.models import Agency, Outlet, OutletStatus, Role
from shebao.core.stamps import NETWORK, Stamped
from shebao.core.typography import format_distance
from shebao.network import items
from shebao.network.geo import CHINA_LAT, CHINA_LNG, in_china, valid_coordinates
from shebao.network.hours import Session, is_open_at, sessions_on, week
from shebao.network.index import snapshot
from shebao.network.mapcoords import navigation_links
from shebao.network.models import Agreement, AgreementStatus, Day, Settlement
from shebao.network.search import normalise, pinyin_keys, score

MAX_LIMIT = 50  # nearest outlets in one answer
MAX_LISTED = 200  # outlets in one classified or fuzzy listing


class UnknownRegion(NotFound):
    code = "unknown_region"
    default_message = _("There is no region (agency) with this code.")

    def __init__(self) -> None:
        super().__init__(fields={"region": _("Unknown region code.")})


class UnknownOutlet(NotFound):
    code = "unknown_outlet"
    default_message = _("There is no service point with this code.")


class BadCoordinates(ValidationFailed):
    code = "bad_coordinates"
    default_message = _("The coordinates are not valid: latitude -90 to 90, longitude -180 to 180.")

    def __init__(self) -> None:
        super().__init__(fields={"lat": _("Invalid latitude."), "lng": _("Invalid longitude.")})


class OutsideChina(ValidationFailed):
    code = "outside_china"
    default_message = _("The place is outside China. Please check the location.")

    def __init__(self, lat: float, lng: float) -> None:
        fields = {}
        if not CHINA_LAT[0] <= lat <= CHINA_LAT[1]:
            low, high = CHINA_LAT
            fields["lat"] = _("Latitude in China: %(low)s to %(high)s.") % {"low": low, "high": high}
        if not CHINA_LNG[0] <= lng <= CHINA_LNG[1]:
            low, high = CHINA_LNG
            fields["lng"] = _("Longitude in China: %(low)s to %(high)s.") % {"low": low, "high": high}
        super().__init__(fields=fields)


@dataclass
class OutletResult:
    outlet: Outlet
    open_now: bool
    accepts: bool | None  # None when no item was chosen
    distance_m: float | None = None
    links: dict[str, str] = field(default_factory=dict)
    today: list = field(default_factory=list)  # (opens, closes) sessions that apply today

    @property
    def distance_label(self) -> str:
        return "" if self.distance_m is None else format_distance(self.distance_m)


def local_now() -> datetime:
    return timezone.localtime()


# The agreements in force and the staff they name, kept while no agreement changes (core.stamps).
kept_while_agreements_unchanged = Stamped(NETWORK).get


def agreement_in_force(outlet: Outlet, on: date | None = None) -> Agreement | None:
    on = on or local_now().date()

    def find() -> Agreement | None:
        agreement = outlet.agreements.filter(status=AgreementStatus.ACTIVE).first()
        return agreement if agreement is not None and agreement.in_force(on) else None

    # One request asks it once per check (tier, scope, the teller's authorisation); the process keeps it
    # while the agreements are unchanged (core.stamps): the same object for every request, read only.
    return kept_while_agreements_unchanged(("agreement_in_force", outlet.pk, on), find)


def outlet_on_map(outlet: Outlet, on: date | None = None) -> bool:
    if outlet.status != OutletStatus.OPEN:
        return False
    return not items.needs_agreement(outlet.level, outlet.kind) or agreement_in_force(outlet, on) is not None


def _scope(outlet: Outlet, on: date | None) -> frozenset[str] | None:
    agreement = agreement_in_force(outlet, on) if items.needs_agreement(outlet.level, outlet.kind) else None
    return frozenset(agreement.scope_items) if agreement is not None else None


def _accepts(outlet: Outlet, item: ServiceItem, scope: frozenset[str] | None) -> bool:
    return items.accepts(
        level=outlet.level,
        kind=outlet.kind,
        tier=outlet.tier,
        scope=scope,
        item_code=item.code,
        tiers=items.tiers_of(item),
    )


def outlet_may_accept(outlet: Outlet, item: ServiceItem | str, *, on: date | None = None) -> bool:
    """May this outlet accept this item today? (status, agreement in force and in scope, tier).
    `item` is a catalogue item or its code; an unknown or withdrawn one raises UnknownItem."""
    item = items.find_item(item)
    return outlet_on_map(outlet, on) and _accepts(outlet, item, _scope(outlet, on))


def items_acceptable_at(outlet: Outlet, *, on: date | None = None) -> list[ServiceItem]:
    """Every active catalogue item the outlet may accept today, by code."""
    if not outlet_on_map(outlet, on):
        return []
    scope = _scope(outlet, on)
    return [item for item in items.catalogue_items() if _accepts(outlet, item, scope)]


def region(code: str | None) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise UnknownRegion()
    return agency


def _in_area(snap, area: Agency, rows: np.ndarray | None = None) -> np.ndarray:
    paths = snap.paths if rows is None else snap.paths[rows]
    return np.char.startswith(paths.astype(str), area.path)


def districts() -> list[Agency]:
    """The areas of the classified query: every agency below the top one, by code."""
    return list(Agency.objects.exclude(parent=None).order_by("code"))


def _short_name(agency_name: str) -> str:
    return agency_name.replace("社会保险事务中心", "").replace("社保中心", "")


def place_from_text(text: str) -> tuple[str, float, float] | None:
    """A typed district (Chinese, or its pinyin: "yuzhong"), an address naming one, or a settlement's
    name → (name, lat, lng) to search from; None when the text names no place."""
    text = normalise(text)
    if len(text) < 2:
        return None
    for agency in Agency.objects.filter(latitude__isnull=False).order_by("path"):
        short = _short_name(agency.name)
        if not short:
            continue
        if text.isascii():
            if len(text) >= 4 and pinyin_keys(short)[0].startswith(text):
                return agency.name, agency.latitude, agency.longitude
        elif text in short or short in text:
            return agency.name, agency.latitude, agency.longitude
    hit = Settlement.objects.filter(name=text).order_by("-population").first()
    return (hit.name, hit.latitude, hit.longitude) if hit else None


def check_limit(limit, highest: int) -> int:
    """How many results to return: 1 to `highest`, refused (not silently clipped) otherwise."""
    if not isinstance(limit, int) or not 1 <= limit <= highest:
        raise ValidationFailed(fields={"limit": _("Enter a whole number from 1 to %(n)s.") % {"n": highest}})
    return limit


def check_coordinates(lat, lng) -> tuple[float, float]:
    """WGS-84 latitude and longitude of a place in China, as numbers: every search from a point and
    every home-visit address goes through here."""
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        raise BadCoordinates() from None
    if not valid_coordinates(lat, lng):
        raise BadCoordinates()
    if not in_china(lat, lng):
        raise OutsideChina(lat, lng)
    return lat, lng


def _filters(snap, *, item: str | None, open_now: bool, moment: datetime):
    """Per outlet: passes every filter; accepts the item (None without one); open at `moment`."""
    mask = snap.on_map(moment.date())
    accepting = None
    if item:
        found = items.find_item(item)
        accepting = snap.accepting(found.code, items.tiers_of(found))
        mask &= accepting
    open_mask = snap.open_at(moment)
    if open_now:
        mask &= open_mask
    return mask, accepting, open_mask


def _results(snap, rows, accepts, open_now, moment, distances=None) -> list[OutletResult]:
    """`accepts` and `open_now`: per outlet of `rows` (accepts None when no item was chosen)."""
    outlets = Outlet.objects.select_related("agency").in_bulk([int(snap.ids[r]) for r in rows])
    day = moment.date()
    results = []
    for i, r in enumerate(rows):
        outlet = outlets[int(snap.ids[r])]
        results.append(
            OutletResult(
                outlet=outlet,
                open_now=bool(open_now[i]),
                accepts=None if accepts is None else bool(accepts[i]),
                distance_m=None if distances is None else round(float(distances[i]), 1),
                links=navigation_links(
                    name=outlet.name, lat=outlet.latitude, lng=outlet.longitude, address=outlet.address
                ),
                today=sessions_on(snap.schedules[snap.schedule[r]], day),
            )
        )
    return results


def nearest_outlets(
    *,
    lat,
    lng,
    item: str | None = None,
    open_now: bool = False,
    region_code: str | None = None,
    limit: int = 10,
    at: datetime | None = None,
) -> list[OutletResult]:
    """The nearest outlets passing the filters. The item filter picks the index's tree of the groups
    that accept it; the others are asked only of the candidates it returns (see nearest.NearestIndex),
    so no filter costs a pass over every outlet."""
    lat, lng = check_coordinates(lat, lng)
    area = region(region_code)
    limit = check_limit(limit, MAX_LIMIT)
    moment = timezone.localtime(at) if at else local_now()
    snap = snapshot()
    accepting = None
    if item:
        found = items.find_item(item)
        accepting = snap.accepting_groups(found.code, items.tiers_of(found))
    open_table, day = snap.open_schedules(moment), moment.date()

    def keep(rows: np.ndarray) -> np.ndarray:
        ok = snap.on_map(day, rows)
        if open_now:
            ok &= open_table[snap.schedule[rows]]
        if area is not None:
            ok &= _in_area(snap, area, rows)
        return ok

    groups = None if accepting is None else np.flatnonzero(accepting)
    hits = snap.index.nearest(lat, lng, limit, groups=groups, keep=keep)
    rows = np.array(hits.positions, dtype=np.int64)
    accepts = None if accepting is None else accepting[snap.group[rows]]
    opened = open_table[snap.schedule[rows]] if len(open_table) else np.zeros(len(rows), bool)
    return _results(snap, rows, accepts, opened, moment, hits.distances_m)


def outlet_search(
    *,
    region_code: str | None = None,
    item: str | None = None,
    q: str | None = None,
    open_now: bool = False,
    limit: int = MAX_LIMIT,
    at: datetime | None = None,
) -> list[OutletResult]:
    """Classified query (area + item) and fuzzy query (name/address, pinyin), best match first."""
    area = region(region_code)
    moment = timezone.localtime(at) if at else local_now()
    snap = snapshot()
    mask, accepting, open_mask = _filters(snap, item=item or None, open_now=open_now, moment=moment)
    if area is not None:
        mask &= _in_area(snap, area)
    rows = np.flatnonzero(mask)
    if q and q.strip():
        scored = [(score(q, snap.names[r], snap.addresses[r]), r) for r in rows]
        rows = [r for s, r in sorted((x for x in scored if x[0] > 0), key=lambda x: (-x[0], x[1]))]
    else:
        rows = sorted(rows, key=lambda r: snap.paths[r] + snap.names[r])
    rows = np.array(rows[: check_limit(limit, MAX_LISTED)], dtype=np.int64)
    accepts = None if accepting is None else accepting[rows]
    return _results(snap, rows, accepts, open_mask[rows], moment)


def outlets_overseen(staff, *, q: str = "", status: str = "") -> QuerySet[Outlet]:
    """The points a manager looks after (administrators: all), by area then name; `q` matches the name,
    code or address, `status` one outlet status. Their agreements come along, newest first."""
    outlets = Outlet.objects.select_related("agency")
    if not staff.has_role(Role.ADMIN):
        outlets = outlets.filter(agency__path__startswith=staff.agency.path)
    if q.strip():
        text = q.strip()
        outlets = outlets.filter(Q(name__icontains=text) | Q(code__iexact=text) | Q(address__icontains=text))
    if status:
        if status not in OutletStatus.values:
            raise ValidationFailed(fields={"status": _("Choose one of the statuses listed.")})
        outlets = outlets.filter(status=status)
    newest_first = Prefetch("agreements", queryset=Agreement.objects.order_by("-valid_until"))
    return outlets.prefetch_related(newest_first).order_by("agency__path", "name")


@dataclass
class OutletDetail:
    outlet: Outlet
    on_map: bool
    open_now: bool
    today: list  # (opens, closes) sessions that apply today
    week: list  # (day label, sessions) Monday to Sunday and public holidays
    items: list[ServiceItem]
    links: dict[str, str]
    agreement: Agreement | None
    authorised: dict[str, list[str]]  # step label -> staff names, under the active agreement


def outlet_detail(code: str, *, at: datetime | None = None) -> OutletDetail:
    """Everything the outlet page shows: status, hours, the items it accepts today, its agreement."""
    outlet = Outlet.objects.select_related("agency").filter(code=code).first()
    if outlet is None:
        raise UnknownOutlet()
    moment = timezone.localtime(at) if at else local_now()
    schedule = [Session(d, o, c) for d, o, c in outlet.opening_hours.values_list("day", "opens", "closes")]
    labels = dict(Day.choices)
    agreement = outlet.agreements.exclude(status=AgreementStatus.ENDED).order_by("-valid_from").first()
    authorised: dict[str, list[str]] = {}
    if agreement is not None:
        for link in agreement.authorisations.select_related("staff").order_by("step", "staff__display_name"):
            authorised.setdefault(link.get_step_display(), []).append(link.staff.display_name)
    return OutletDetail(
        outlet=outlet,
        on_map=outlet_on_map(outlet, moment.date()),
        open_now=is_open_at(schedule, moment),
        today=sessions_on(schedule, moment.date()),
        week=[(labels[day], sessions) for day, sessions in week(schedule)],
        items=items_acceptable_at(outlet, on=moment.date()),
        links=navigation_links(
            name=outlet.name, lat=outlet.latitude, lng=outlet.longitude, address=outlet.address
        ),
        agreement=agreement,
        authorised=authorised,
    )
