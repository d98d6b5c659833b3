"""The demo outlet network at Chongqing's scale (source 002): exactly 13,357 staffed points (4 city,
172 district, 1,176 town/street, 9,621 village/community, 2,384 cooperation) counting the few `DEMO-`
points core/demo.py makes, plus 3,500 pension terminals and 1,000 kiosks hosted at those points, opening
hours, an agreement for every partner point, and a population layer for the 15+5 coverage.

Points are drawn inside each real district around its seat, with a spread from its area (a disc of the
same area) and counts from its area and population; village points sit in villages, so a few villages
are left without one, as on the real monitoring platform; "inside" is explained in demo_places.
Deterministic for a seed; idempotent: each part only tops up what is missing, so a second run writes
nothing.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date

from django.db import transaction

from shebao.core.demo import english_place
from shebao.core.models import Agency, AgencyLevel, Outlet, OutletKind, OutletLevel, OutletTier, StaffProfile
from shebao.network import items
from shebao.network.demo_data import (
    BANKS,
    BANKS_EN,
    CITY_HALLS,
    DISTRICT_HALL_NAMES,
    HOURS,
    KIOSKS,
    LEVEL_TOTALS,
    PENSION_TERMINALS,
)
from shebao.network.demo_places import Place, apportion
from shebao.network.index import bump_version
from shebao.network.models import Agreement, AgreementStaff, AgreementStatus, OpeningHours, Settlement, Step

SELF_SERVICE = (OutletKind.PENSION_TERMINAL, OutletKind.KIOSK)


def _districts() -> list[Agency]:
    from shebao.core import demo as core_demo

    root = Agency.objects.filter(code=core_demo.MUNICIPAL_CODE).first()
    if root is None:
        lat, lng = 29.562849, 106.551643
        root = Agency.objects.create(
            code=core_demo.MUNICIPAL_CODE,
            name=core_demo.MUNICIPAL_NAME,
            name_en=core_demo.MUNICIPAL_NAME_EN,
            level=AgencyLevel.PROVINCE,
            latitude=lat,
            longitude=lng,
        )
    found = []
    for d in core_demo.chongqing_districts():
        agency = Agency.objects.filter(code=d.code).first() or Agency.objects.create(
            code=d.code,
            name=core_demo.district_agency_name(d.name),
            name_en=core_demo.district_agency_name_en(d.name),
            level=AgencyLevel.DISTRICT,
            parent=root,
            latitude=d.latitude,
            longitude=d.longitude,
        )
        found.append(agency)
    return found


def seed(*, rng_seed: int, stdout) -> None:
    rng = random.Random(rng_seed + 5)  # an offset of our own: other apps draw from the same seed
    districts = _districts()
    places = {a.code: Place(a, rng) for a in districts}
    for p in places.values():
        p.all = list(places.values())
    with transaction.atomic():
        made = _seed_outlets(places, rng)
        terminals = _seed_terminals(rng, {p.agency.id: p for p in places.values()})
        hours = _seed_hours()
        agreements = _seed_agreements(rng)
        settlements = _seed_settlements(places, rng)
        if made or terminals or hours or agreements:
            bump_version()
    stdout.write(
        f"  network: {made} outlets, {terminals} terminals, {hours} opening sessions, "
        f"{agreements} agreements, {settlements} settlements"
    )


def _staffed_counts() -> Counter:
    return Counter(Outlet.objects.exclude(kind__in=SELF_SERVICE).values_list("level", flat=True).iterator())


def _seed_outlets(places: dict[str, Place], rng: random.Random) -> int:
    have = _staffed_counts()
    need = {level: max(0, total - have[level]) for level, total in LEVEL_TOTALS.items()}
    if not any(need.values()):
        return 0
    weight_town = {c: math.sqrt(p.area) * math.sqrt(p.pop) for c, p in places.items()}
    weight_village = {c: p.area * 0.6 + p.pop / 2500 for c, p in places.items()}
    weight_coop = {c: p.pop for c, p in places.items()}
    towns = apportion(need["town"], weight_town)
    villages = apportion(need["village"], weight_village)
    coops = apportion(need["cooperation"], weight_coop)
    halls = apportion(need["district"], dict.fromkeys(places, 1.0))
    root = Agency.objects.get(code="500000")
    new: list[Outlet] = []
    for i, (hall, hall_en, code) in enumerate(CITY_HALLS[: need["city"]]):
        p = places[code]
        new.append(
            _outlet(
                f"NW-500000-C{i:03d}",
                (hall, hall_en),
                root,
                OutletLevel.CITY,
                OutletKind.AGENCY_HALL,
                OutletTier.PREMIUM,
                p.point(0.6),
                p.address(""),
            )
        )
    for code, p in places.items():
        new += _district_outlets(p, towns[code], halls[code], villages[code], coops[code])
    Outlet.objects.bulk_create(new, batch_size=2000)
    return len(new)


def _outlet(code, names, agency, level, kind, tier, latlng, address, **extra) -> Outlet:
    """`names`: (Chinese, English)."""
    return Outlet(
        code=code,
        name=names[0],
        name_en=names[1],
        agency=agency,
        level=level,
        kind=kind,
        tier=tier,
        address=address,
        latitude=round(latlng[0], 6),
        longitude=round(latlng[1], 6),
        **extra,
    )


def _district_outlets(p: Place, n_town: int, n_hall: int, n_village: int, n_coop: int) -> list[Outlet]:
    rng, a, code = p.rng, p.agency, p.agency.code
    phone = f"023-{rng.randint(4000, 8999)}{rng.randint(1000, 9999)}"
    out = []
    for i in range(n_town):
        seat = (
            (a.latitude, a.longitude)
            if i == 0
            else p.point(p.radius_km * (0.45 if p.core else 0.8), uniform=not p.core)
        )
        town = p.name()
        suffix = "街道" if p.core or i < max(1, n_town // 4) else rng.choice(("镇", "镇", "乡"))
        p.towns.append((town + suffix, *seat))
        out.append(
            _outlet(
                f"NW-{code}-T{i:04d}",
                (f"{town}{suffix}便民服务中心", f"{english_place(town + suffix)} Public Service Centre"),
                a,
                OutletLevel.TOWN,
                OutletKind.SERVICE_CENTRE,
                OutletTier.PREMIUM,
                seat,
                p.address(town + suffix),
                phone=phone,
                step_free=rng.random() < 0.7,
            )
        )
    if not p.towns:
        p.towns.append((p.short, a.latitude, a.longitude))
    for i in range(n_hall):
        town = p.towns[i % len(p.towns)][0]
        name, name_en = rng.choice(DISTRICT_HALL_NAMES)
        out.append(
            _outlet(
                f"NW-{code}-D{i:03d}",
                (
                    name.format(d=p.short, t=town),
                    name_en.format(d=english_place(p.short), t=english_place(town)),
                ),
                a,
                OutletLevel.DISTRICT,
                OutletKind.AGENCY_HALL,
                OutletTier.PREMIUM,
                p.point(max(0.4, p.radius_km * 0.1)),
                p.address(town),
                phone=phone,
                step_free=True,
            )
        )
    p.village_sites = [_village_site(p) for _ in range(n_village)]
    for i, (vname, kind_word, latlng, town) in enumerate(p.village_sites):
        label = "社区便民服务站" if kind_word == "社区" else "村便民服务点"
        label_en = "Community Service Station" if kind_word == "社区" else "Village Service Point"
        out.append(
            _outlet(
                f"NW-{code}-V{i:05d}",
                (f"{town}{vname}{label}", f"{english_place(vname)} {label_en}, {english_place(town)}"),
                a,
                OutletLevel.VILLAGE,
                OutletKind.SERVICE_CENTRE,
                OutletTier.BASIC,
                latlng,
                p.address(town),
                step_free=rng.random() < 0.4,
            )
        )
    for i in range(n_coop):
        out.append(_coop_outlet(p, i))
    return out


def _village_site(p: Place):
    """A village (rural, spread over the district) or a community (urban, near a seat)."""
    rng = p.rng
    town, lat, lng = rng.choice(p.towns)
    if p.core or rng.random() < 0.3:
        return p.name(), "社区", p.point(1.2 if p.core else 0.8, around=(lat, lng)), town
    return p.name(), "村", p.point(p.radius_km, uniform=True), town


def _coop_outlet(p: Place, i: int) -> Outlet:
    rng, code = p.rng, p.agency.code
    town, lat, lng = rng.choice(p.towns)
    town_en = english_place(town)
    roll = rng.random()
    if roll < 0.55:
        bank = rng.choice(BANKS)
        spec = (
            (f"{bank}{town}支行社银合作点", f"{BANKS_EN[bank]} {town_en} Sub-branch, Social Insurance Point"),
            OutletKind.BANK,
            rng.choice((OutletTier.BASIC, OutletTier.PREMIUM)),
        )
    elif roll < 0.8:
        names = (f"{town}邮政支局社邮合作点", f"China Post {town_en} Branch, Social Insurance Point")
        spec = (names, OutletKind.POSTAL, OutletTier.BASIC)
    elif roll < 0.9:
        names = (f"{town}卫生院社医合作点", f"{town_en} Health Centre, Social Insurance Point")
        spec = (names, OutletKind.CLINIC, OutletTier.BASIC)
    else:
        vname, _w, latlng, _t = (
            rng.choice(p.village_sites) if p.village_sites else (p.name(), "", (lat, lng), town)
        )
        return _outlet(
            f"NW-{code}-P{i:04d}",
            (f"{town}{vname}便民超市服务点", f"{english_place(vname)} Shop Service Point, {town_en}"),
            p.agency,
            OutletLevel.COOPERATION,
            OutletKind.SHOP,
            OutletTier.BASIC,
            latlng,
            p.address(town),
        )
    names, kind, tier = spec
    return _outlet(
        f"NW-{code}-P{i:04d}",
        names,
        p.agency,
        OutletLevel.COOPERATION,
        kind,
        tier,
        p.point(0.7, around=(lat, lng)),
        p.address(town),
        phone=f"023-{rng.randint(40000000, 89999999)}",
        step_free=True,
    )


def _seed_terminals(rng: random.Random, by_agency: dict[int, Place]) -> int:
    have = Counter(Outlet.objects.filter(kind__in=SELF_SERVICE).values_list("kind", flat=True))
    want = {OutletKind.PENSION_TERMINAL: PENSION_TERMINALS, OutletKind.KIOSK: KIOSKS}
    hosts = list(
        Outlet.objects.exclude(kind__in=SELF_SERVICE)
        .exclude(kind=OutletKind.SHOP)  # a village shop has no room for a terminal
        .order_by("id")
        .values_list(
            "id", "code", "name", "agency_id", "level", "latitude", "longitude", "address", "name_en"
        )
    )
    new = []
    for kind, total in want.items():
        label = "养老认证自助终端" if kind == OutletKind.PENSION_TERMINAL else "人社自助服务一体机"
        label_en = (
            "Pension Certification Terminal" if kind == OutletKind.PENSION_TERMINAL else "Self-Service Kiosk"
        )
        letter = "R" if kind == OutletKind.PENSION_TERMINAL else "K"
        for i in range(have[kind], total):
            _id, _code, name, agency_id, level, lat, lng, address, name_en = rng.choice(hosts)
            if agency_id in by_agency:  # beside its host, a few metres away
                lat, lng = by_agency[agency_id].jitter(lat, lng, 1e-4)
            new.append(
                Outlet(
                    code=f"NW-{letter}{i:05d}",
                    name=f"{name}·{label}",
                    name_en=f"{label_en} at {name_en}" if name_en else "",
                    agency_id=agency_id,
                    level=level,
                    kind=kind,
                    tier=OutletTier.BASIC,
                    address=address,
                    latitude=round(lat, 6),
                    longitude=round(lng, 6),
                    step_free=True,
                )
            )
    Outlet.objects.bulk_create(new, batch_size=2000)
    return len(new)


def _template(level: str, kind: str) -> str:
    if kind in SELF_SERVICE:
        return "self"
    if kind in (OutletKind.BANK, OutletKind.POSTAL, OutletKind.CLINIC, OutletKind.SHOP):
        return kind
    return {OutletLevel.TOWN: "town", OutletLevel.VILLAGE: "village"}.get(level, "hall")


def _seed_hours() -> int:
    rows = []
    for oid, level, kind in Outlet.objects.filter(opening_hours__isnull=True).values_list(
        "id", "level", "kind"
    ):
        rows += [
            OpeningHours(outlet_id=oid, day=s.day, opens=s.opens, closes=s.closes)
            for s in HOURS[_template(level, kind)]
        ]
    OpeningHours.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _scope_for(tier: str) -> list[str]:
    return [item.code for item in items.tier_items(tier)]


def _partner(outlet: Outlet) -> str:
    """Who signs: the bank, the postal company, or the clinic or shop itself."""
    if outlet.kind == OutletKind.BANK:
        return next((bank for bank in BANKS if outlet.name.startswith(bank)), outlet.name)[:120]
    if outlet.kind == OutletKind.POSTAL:
        return "中国邮政集团有限公司重庆市分公司"
    return outlet.name.removesuffix("社医合作点").removesuffix("服务点")[:120]


def _seed_agreements(rng: random.Random) -> int:
    partners = (
        Outlet.objects.filter(level=OutletLevel.COOPERATION, kind__in=items.PARTNER_KINDS)
        .exclude(agreements__status=AgreementStatus.ACTIVE)
        .exclude(agreements__status=AgreementStatus.SUSPENDED)
    )
    scopes = {t: _scope_for(t) for t in OutletTier.values}
    new = []
    for o in partners.order_by("id"):
        suspended = o.code.startswith("NW-") and rng.random() < 0.005
        new.append(
            Agreement(
                outlet=o,
                number=f"XY-{o.code}",
                partner=_partner(o),
                scope_items=scopes[o.tier],
                valid_from=date(2024, 1, 1),
                valid_until=date(2027, 12, 31),
                duties="设立社保专窗，配备经培训的柜员；按授权受理、核验材料、反馈结果；保护个人信息。",
                review_conditions="每年考核一次：群众满意度、差错率、办结时限。",
                exit_conditions="考核不合格且整改不到位、发生泄露个人信息或违规经办的，终止合作。",
                next_review=date(2026, 12, 31),
                status=AgreementStatus.SUSPENDED if suspended else AgreementStatus.ACTIVE,
                status_since=date(2024, 1, 1),
                status_reason="年度考核不合格，暂停整改" if suspended else "",
            )
        )
    Agreement.objects.bulk_create(new, batch_size=2000)
    # Every teller of a partner point is authorised for all three steps of its agreement.
    links = []
    for staff in StaffProfile.objects.filter(outlet__in=[a.outlet for a in new]).select_related("outlet"):
        agreement = next(a for a in new if a.outlet_id == staff.outlet_id)
        links += [AgreementStaff(agreement=agreement, staff=staff, step=s) for s in Step.values]
    AgreementStaff.objects.bulk_create(links, ignore_conflicts=True)
    return len(new)


def _seed_settlements(places: dict[str, Place], rng: random.Random) -> int:
    if Settlement.objects.exists():
        return 0
    new = []
    for code, p in places.items():
        if not hasattr(p, "village_sites"):
            return 0  # outlets were seeded in an earlier run without settlements: nothing to anchor them to
        sites = list(p.village_sites)
        # Villages without a point of their own: about one in eight more settlements than points.
        sites += [_village_site(p) for _ in range(max(3, len(sites) // 8))]
        urban_share = 0.95 if p.core else 0.5
        weights = [rng.uniform(3, 8) if w == "社区" else rng.uniform(0.3, 1.5) for _n, w, _l, _t in sites]
        urban_w = sum(w for w, s in zip(weights, sites, strict=True) if s[1] == "社区") or 1
        rural_w = sum(w for w, s in zip(weights, sites, strict=True) if s[1] != "社区") or 1
        for i, ((vname, word, (lat, lng), town), w) in enumerate(zip(sites, weights, strict=True)):
            urban = word == "社区"
            share = urban_share * w / urban_w if urban else (1 - urban_share) * w / rural_w
            spot = p.jitter(lat, lng, 0.002)  # the settlement's centre, near its village point
            new.append(
                Settlement(
                    code=f"S{code}{i:05d}",
                    name=f"{town}{vname}{word}",
                    agency=p.agency,
                    population=max(50, round(p.pop * share)),
                    urban=urban,
                    latitude=round(spot[0], 6),
                    longitude=round(spot[1], 6),
                )
            )
    Settlement.objects.bulk_create(new, batch_size=5000)
    return len(new)
