"""Which service items an outlet may accept: the one place network reads the catalogue.

`catalog.ServiceItem.outlet_tiers` lists the outlet tiers whose points may accept an item ("basic",
"premium") and "self_service" when kiosks and pension terminals may offer it. Only active items count:
a withdrawn item is unknown to the finder, as it is to the window.

Rules (source 003, Taizhou: basic points 22 items, premium points 40; DESIGN: halls accept any item):
- city and district halls accept every item: they are the full one window;
- kiosks and pension terminals accept only self-service items;
- town, village and cooperation points accept the items of their tier;
- a partner's point (bank, post office, clinic, shop at cooperation level) also needs an agreement in
  force whose scope lists the item.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shebao.catalog.models import SELF_SERVICE, ServiceItem
from shebao.core.errors import NotFound
from shebao.core.models import OutletKind, OutletLevel
from shebao.core.typography import local_name

FULL_SERVICE_LEVELS = frozenset({OutletLevel.CITY, OutletLevel.DISTRICT})
SELF_SERVICE_KINDS = frozenset({OutletKind.KIOSK, OutletKind.PENSION_TERMINAL})
PARTNER_KINDS = frozenset({OutletKind.BANK, OutletKind.POSTAL, OutletKind.CLINIC, OutletKind.SHOP})


class UnknownItem(NotFound):
    code = "unknown_item"
    default_message = _("There is no service item with this code.")

    def __init__(self) -> None:
        super().__init__(fields={"item": _("Unknown service item.")})


def needs_agreement(level: str, kind: str) -> bool:
    return level == OutletLevel.COOPERATION and kind in PARTNER_KINDS


def tiers_of(item: ServiceItem) -> frozenset[str]:
    return frozenset(item.outlet_tiers or ())


def find_item(item: ServiceItem | str) -> ServiceItem:
    """The active catalogue item for a code (or the item itself); UnknownItem otherwise."""
    if isinstance(item, ServiceItem):
        if not item.active:
            raise UnknownItem()
        return item
    found = ServiceItem.objects.filter(code=item, active=True).first() if item else None
    if found is None:
        raise UnknownItem()
    return found


def display_name(item: ServiceItem) -> str:
    """The item's name in the reader's language (core.typography.local_name)."""
    return local_name(item)


def catalogue_items() -> list[ServiceItem]:
    """Every active catalogue item, by code."""
    return list(
        ServiceItem.objects.filter(active=True)
        .only("code", "name", "name_zh_hant", "name_en", "category", "outlet_tiers", "active")
        .order_by("code")
    )


def tier_items(tier: str, catalogue: list[ServiceItem] | None = None) -> list[ServiceItem]:
    """The catalogue items a point of this tier may handle (what its agreement's scope is chosen from)."""
    return [
        item for item in (catalogue_items() if catalogue is None else catalogue) if tier in tiers_of(item)
    ]


def accepts(
    *, level: str, kind: str, tier: str, scope: frozenset[str] | None, item_code: str, tiers: frozenset[str]
) -> bool:
    """The rule itself, for one outlet whose status and agreement were already found fit.
    `scope` is the agreement's item codes for partner points (None when there is no agreement in force)."""
    if kind in SELF_SERVICE_KINDS:
        return SELF_SERVICE in tiers
    if level in FULL_SERVICE_LEVELS:
        return True
    if tier not in tiers:
        return False
    if needs_agreement(level, kind):
        return scope is not None and item_code in scope
    return True
