"""The demo network has Chongqing's exact level counts, terminals on top, and a second run adds nothing."""

import io
from collections import Counter

import pytest

from shebao.core import demo as core_demo
from shebao.core.models import Outlet
from shebao.network import demo
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
    assert Settlement.objects.filter(urban=True).exists() and Settlement.objects.filter(urban=False).exists()
    # Every point lies near its own district's seat (within 2.5 district radii).
    far = 0
    for o in staffed.select_related("agency").exclude(level="city")[:2000]:
        area = demo.DISTRICTS.get(o.agency.code, (1500,))[0]
        limit_km = 2.5 * (area / 3.1416) ** 0.5 + 2
        d_km = ((o.latitude - o.agency.latitude) ** 2 + (o.longitude - o.agency.longitude) ** 2) ** 0.5 * 111
        far += d_km > limit_km
    assert far == 0

    before = (Outlet.objects.count(), Settlement.objects.count(), Agreement.objects.count())
    demo.seed(rng_seed=3, stdout=io.StringIO())
    assert (Outlet.objects.count(), Settlement.objects.count(), Agreement.objects.count()) == before
