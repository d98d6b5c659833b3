"""What a point may accept is read from the real catalogue's `outlet_tiers`: with the seed catalogue a
basic point takes Taizhou's 22 items, a premium point 40, a terminal only self-service items and a hall
every item; a withdrawn item is unknown everywhere."""

import pytest
from django.utils import translation

from shebao.catalog import demo as catalog_demo
from shebao.catalog.models import ServiceItem
from shebao.core.models import Outlet, OutletKind, OutletLevel, OutletTier
from shebao.network import items, selectors

from .helpers import small_network

pytestmark = pytest.mark.django_db


def point(cast, code, level, kind, tier):
    return Outlet.objects.create(
        code=code,
        name=code,
        agency=cast.yuzhong,
        level=level,
        kind=kind,
        tier=tier,
        latitude=29.55,
        longitude=106.57,
    )


def test_basic_points_take_22_items_premium_points_40_terminals_self_service_halls_all(cast):
    catalog_demo.seed()
    everything = ServiceItem.objects.filter(active=True)
    self_service = [i.code for i in everything if "self_service" in i.outlet_tiers]
    basic = point(cast, "T-BASIC", OutletLevel.VILLAGE, OutletKind.SERVICE_CENTRE, OutletTier.BASIC)
    premium = point(cast, "T-PREMIUM", OutletLevel.TOWN, OutletKind.SERVICE_CENTRE, OutletTier.PREMIUM)
    kiosk = point(cast, "T-KIOSK", OutletLevel.TOWN, OutletKind.KIOSK, OutletTier.BASIC)

    assert len(selectors.items_acceptable_at(basic)) == 22
    assert len(selectors.items_acceptable_at(premium)) == 40
    assert [i.code for i in selectors.items_acceptable_at(kiosk)] == sorted(self_service) != []
    assert len(selectors.items_acceptable_at(cast.yuzhong_hall)) == everything.count() >= 150
    # The cast's bank point has no agreement: it may take nothing, whatever its tier.
    assert selectors.items_acceptable_at(cast.bank_point) == []


def test_a_partner_point_takes_only_what_its_agreement_lists_within_its_tier(cast, catalogue):
    _, agreement = small_network(cast)  # basic bank point; scope PEN-CERT, STMT-PRINT
    agreement.scope_items = ["PEN-CERT", "STMT-PRINT", "EMP-REG"]
    agreement.save()
    assert [i.code for i in selectors.items_acceptable_at(cast.bank_point)] == ["PEN-CERT", "STMT-PRINT"]


def test_a_withdrawn_item_is_unknown_to_the_finder_and_accepted_nowhere(cast, catalogue):
    small_network(cast)
    ServiceItem.objects.filter(code="STMT-PRINT").update(active=False)
    with pytest.raises(items.UnknownItem):
        selectors.nearest_outlets(lat=29.55, lng=106.57, item="STMT-PRINT")
    with pytest.raises(items.UnknownItem):
        selectors.outlet_may_accept(cast.yuzhong_hall, ServiceItem.objects.get(code="STMT-PRINT"))
    assert "STMT-PRINT" not in [i.code for i in selectors.items_acceptable_at(cast.yuzhong_hall)]


def test_item_names_follow_the_reader_s_language(catalogue):
    item = catalogue["EMP-REG"]
    with translation.override("en"):
        assert items.display_name(item) == "EMP-REG (English)"
    with translation.override("zh-hant"):
        assert items.display_name(item) == "用人單位參保登記"  # no stored traditional name: converted
        item.name_zh_hant = "用人單位社保登記"
        assert items.display_name(item) == "用人單位社保登記"  # a stored one wins over the conversion
    with translation.override("zh-hans"):
        assert items.display_name(item) == "用人单位参保登记"
