"""On a random network in the database, the nearest search with item, open-now and area filters returns
exactly what checking every outlet one by one (status, agreement, tier, hours) and sorting by haversine
distance returns."""

import random
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from shebao.core.models import Outlet, OutletKind, OutletLevel, OutletStatus, OutletTier
from shebao.network import selectors
from shebao.network.geo import haversine_m
from shebao.network.hours import Session, is_open_at
from shebao.network.models import Agreement, AgreementStatus, OpeningHours

from .helpers import ITEMS

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
SCHEDULES = [
    [],
    [(d, time(0), time(23, 59)) for d in range(8)],
    [(d, time(9), time(12)) for d in range(5)] + [(d, time(14), time(17, 30)) for d in range(5)],
    [(d, time(9), time(17)) for d in range(5)]
    + [(d, time(18), time(20)) for d in range(5)]
    + [(7, time(10), time(15))],
]
KINDS = {
    OutletLevel.DISTRICT: [OutletKind.AGENCY_HALL],
    OutletLevel.TOWN: [OutletKind.SERVICE_CENTRE, OutletKind.KIOSK, OutletKind.PENSION_TERMINAL],
    OutletLevel.VILLAGE: [OutletKind.SERVICE_CENTRE],
    OutletLevel.COOPERATION: [OutletKind.BANK, OutletKind.POSTAL, OutletKind.SHOP],
}


def random_network(cast, rng: random.Random) -> None:
    areas = [cast.yuzhong, cast.jiangbei, cast.wanzhou]
    for i in range(160):
        level = rng.choice(list(KINDS))
        outlet = Outlet.objects.create(
            code=f"R{i:03d}",
            name=f"网点{i}",
            agency=rng.choice(areas),
            level=level,
            kind=rng.choice(KINDS[level]),
            tier=rng.choice(OutletTier.values),
            status=rng.choices(OutletStatus.values, weights=[8, 1, 1])[0],
            latitude=rng.uniform(29.3, 29.9),
            longitude=rng.uniform(106.2, 106.9),
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(outlet=outlet, day=d, opens=o, closes=c) for d, o, c in rng.choice(SCHEDULES)
        )
        if level == OutletLevel.COOPERATION and rng.random() < 0.85:
            Agreement.objects.create(
                outlet=outlet,
                number=f"XY-R{i:03d}",
                partner="合作方",
                scope_items=rng.sample(list(ITEMS), rng.randint(0, len(ITEMS))),
                valid_from=date(2024, 1, 1),
                valid_until=rng.choice([date(2025, 6, 30), date(2099, 12, 31)]),
                status=rng.choice([AgreementStatus.ACTIVE] * 4 + [AgreementStatus.SUSPENDED]),
            )


def one_by_one(lat, lng, item, open_now, region, moment, limit):
    found = []
    for o in Outlet.objects.select_related("agency"):
        if not selectors.outlet_on_map(o, moment.date()):
            continue
        if item and not selectors.outlet_may_accept(o, item, on=moment.date()):
            continue
        schedule = [Session(*row) for row in o.opening_hours.values_list("day", "opens", "closes")]
        if open_now and not is_open_at(schedule, moment):
            continue
        if region and not o.agency.path.startswith(region.path):
            continue
        found.append((float(haversine_m(lat, lng, o.latitude, o.longitude)), o.id, o.code))
    return [code for _d, _id, code in sorted(found)[:limit]]


def test_filtered_nearest_matches_checking_every_outlet(cast, catalogue):
    rng = random.Random(5)
    random_network(cast, rng)
    moments = [datetime(2025, 9, 30, 10, tzinfo=SH), datetime(2025, 10, 1, 19, tzinfo=SH)]
    for _ in range(25):
        lat, lng = rng.uniform(29.3, 29.9), rng.uniform(106.2, 106.9)
        item = rng.choice(["", *ITEMS])
        open_now = rng.random() < 0.5
        region = rng.choice([None, cast.yuzhong, cast.jiangbei])
        moment = rng.choice(moments)
        limit = rng.randint(1, 12)
        got = selectors.nearest_outlets(
            lat=lat,
            lng=lng,
            item=item,
            open_now=open_now,
            region_code=region.code if region else None,
            limit=limit,
            at=moment,
        )
        expected = one_by_one(lat, lng, item, open_now, region, moment, limit)
        assert [r.outlet.code for r in got] == expected
        assert all(r.accepts for r in got) if item else all(r.accepts is None for r in got)
        if open_now:
            assert all(r.open_now for r in got)
