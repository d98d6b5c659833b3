"""The demo network has Chongqing's exact level counts, terminals on top, and a second run adds nothing."""

import io
from collections import Counter

import pytest

from shebao.core import demo as core_demo
from shebao.core.models import Agency, Outlet
from shebao.network import boundaries, demo
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
    # Every generated point and settlement lies inside its own district's official outline.
    code = dict(Agency.objects.values_list("id", "code"))
    generated = Outlet.objects.filter(code__startswith="NW-").exclude(level="city")
    points = list(generated.values_list("code", "agency_id", "latitude", "longitude"))
    points += Settlement.objects.values_list("code", "agency_id", "latitude", "longitude")
    assert len(points) > 13_000
    outside = [c for c, a, lat, lng in points if not boundaries.contains(code[a], lat, lng)]
    assert outside == []
    # Yuzhong (22 km², a peninsula) keeps its points on the peninsula, none across either river.
    yuzhong = boundaries.outline("500103")
    assert yuzhong is not None and yuzhong.area < 0.003  # square degrees: about 22 km²
    assert generated.filter(agency__code="500103").count() > 10

    # Every point has an English name, in the words of its Chinese one (pinyin for the places).
    assert not Outlet.objects.filter(name_en="").exists()
    for outlet in Outlet.objects.filter(code__startswith="NW-").only("kind", "level", "name", "name_en"):
        english = outlet.name_en
        if outlet.kind in demo.SELF_SERVICE:
            assert english.startswith(("Pension Certification Terminal at ", "Self-Service Kiosk at "))
        elif outlet.kind == "bank":
            bank = next(b for b in demo.BANKS if outlet.name.startswith(b))
            assert english.startswith(demo.BANKS_EN[bank]) and "Sub-branch" in english
        elif outlet.kind == "postal":
            assert english.startswith("China Post ")
        elif outlet.level == "town":
            assert english.endswith("Public Service Centre")
            assert (
                english.split()[1]
                == {"街道": "Subdistrict", "镇": "Town", "乡": "Township"}[
                    outlet.name.removesuffix("便民服务中心")[2:]
                ]
            )
        assert english.isascii() and english[0].isupper(), english

    before = (Outlet.objects.count(), Settlement.objects.count(), Agreement.objects.count())
    demo.seed(rng_seed=3, stdout=io.StringIO())
    assert (Outlet.objects.count(), Settlement.objects.count(), Agreement.objects.count()) == before
