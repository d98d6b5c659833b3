"""The demo network has Chongqing's exact level counts, terminals on top, and a second run adds nothing."""

import io
import random
from collections import Counter

import pytest

from shebao.core import demo as core_demo
from shebao.core.models import Agency, Outlet
from shebao.network import demo
from shebao.network.demo_places import Place
from shebao.network.models import Agreement, Settlement

pytestmark = pytest.mark.django_db


def test_seeding_gives_the_exact_level_counts_and_is_idempotent():
    core_demo.seed(rng_seed=3, stdout=io.StringIO())
    demo.seed(rng_seed=3, stdout=io.StringIO())
    staffed = Outlet.objects.exclude(kind__in=demo.SELF_SERVICE)
    assert Counter(staffed.values_list("level", flat=True)) == demo.LEVEL_TOTALS
    assert staffed.count() == 13_357
    kinds = Counter(Outlet.objects.filter(kind__in=demo.SELF_SERVICE).values_list("kind", flat=True))
    assert kinds == {"pension_terminal": demo.PENSION_TERMINALS, "kiosk": demo.KIOSKS}
    partner_points = staffed.filter(level="cooperation", kind__in=["bank", "postal", "clinic", "shop"])
    assert Agreement.objects.filter(outlet__in=partner_points).count() == partner_points.count()
    banks = Agreement.objects.filter(outlet__kind="bank", outlet__code__startswith="NW-")
    assert set(banks.values_list("partner", flat=True)) <= set(demo.BANKS)  # the bank signs, not the branch
    assert Settlement.objects.filter(urban=True).exists() and Settlement.objects.filter(urban=False).exists()
    # Every generated point and settlement lies in its own district's cell of the partition of the seats.
    places = [Place(a, random.Random(0)) for a in Agency.objects.filter(level="district")]
    for p in places:
        p.all = places
    cell = {p.agency.id: p for p in places}
    generated = Outlet.objects.filter(code__startswith="NW-").exclude(level="city")
    outside = [
        c
        for c, a, lat, lng in generated.values_list("code", "agency_id", "latitude", "longitude")
        if not cell[a].owns(lat, lng)
    ]
    outside += [
        c
        for c, a, lat, lng in Settlement.objects.values_list("code", "agency_id", "latitude", "longitude")
        if not cell[a].owns(lat, lng)
    ]
    assert outside == []
    # Yuzhong (22 km²) keeps its points within a few kilometres of its seat.
    yuzhong = generated.filter(agency__code="500103")
    assert yuzhong.exists() and all(cell[o.agency_id].reach(o.latitude, o.longitude) <= 1.0 for o in yuzhong)

    before = (Outlet.objects.count(), Settlement.objects.count(), Agreement.objects.count())
    demo.seed(rng_seed=3, stdout=io.StringIO())
    assert (Outlet.objects.count(), Settlement.objects.count(), Agreement.objects.count()) == before
