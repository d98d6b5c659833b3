"""Which service items an outlet may accept: the one place network reads the catalogue.

Contract assumed with `shebao.catalog` (kept here so a catalogue change is fixed in one function):
- `catalog.ServiceItem` has a unique `code`;
- it names the outlet tiers allowed to accept it in the first of these fields that exists:
  `outlet_tiers` (a list of tier codes, or a comma-separated string), or `min_outlet_tier` /
  `outlet_tier` / `tier` (one code: "basic" means basic and premium points, "premium" premium only,
  anything else, e.g. "hall", no partner point);
- "self_service" among the tiers lets kiosks and pension terminals offer the item.

Rules (source 003, Taizhou: basic points 22 items, premium points 40; DESIGN: halls accept any item):
- city and district halls accept every item: they are the full one window;
- kiosks and pension terminals accept only self-service items;
- town, village and cooperation points accept the items of their tier;
- a partner's point (bank, post office, clinic, shop at cooperation level) also needs an agreement in
  force whose scope lists the item.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from shebao.core.errors import NotFound
from shebao.core.models import OutletKind, OutletLevel, OutletStatus, OutletTier

FULL_SERVICE_LEVELS = frozenset({OutletLevel.CITY, OutletLevel.DISTRICT})
SELF_SERVICE_KINDS = frozenset({OutletKind.KIOSK, OutletKind.PENSION_TERMINAL})
PARTNER_KINDS = frozenset({OutletKind.BANK, OutletKind.POSTAL, OutletKind.CLINIC, OutletKind.SHOP})
SELF_SERVICE = "self_service"
_TIER_ORDER = (OutletTier.BASIC, OutletTier.PREMIUM)


class UnknownItem(NotFound):
    code = "unknown_item"
    default_message = _("There is no service item with this code.")

    def __init__(self, item_code: str = "") -> None:
        super().__init__(fields={"item": _("Unknown service item.")})
        self.item_code = item_code


def needs_agreement(level: str, kind: str) -> bool:
    return level == OutletLevel.COOPERATION and kind in PARTNER_KINDS


def _service_item_model():
    try:
        return apps.get_model("catalog", "ServiceItem")
    except LookupError:
        return None


def tiers_of(item) -> frozenset[str]:
    """The tiers (and SELF_SERVICE) that may accept a catalogue item, read per the contract above."""
    value = getattr(item, "outlet_tiers", None)
    if value is not None:
        codes = value.split(",") if isinstance(value, str) else list(value)
        return frozenset(str(c).strip() for c in codes if str(c).strip())
    for name in ("min_outlet_tier", "outlet_tier", "tier"):
        single = getattr(item, name, None)
        if single:
            single = str(single)
            if single in _TIER_ORDER:
                return frozenset(_TIER_ORDER[_TIER_ORDER.index(single) :])
            return frozenset({single})
    return frozenset()


def lookup_item(item_code: str) -> tuple[str, frozenset[str]] | None:
    """(name, tiers) of one catalogue item, or None."""
    model = _service_item_model()
    item = model.objects.filter(code=item_code).first() if model is not None and item_code else None
    return None if item is None else (item.name, tiers_of(item))


def catalogue_items() -> list[tuple[str, str, frozenset[str]]]:
    """(code, name, tiers) of every catalogue item, by code."""
    model = _service_item_model()
    if model is None:
        return []
    return [(i.code, i.name, tiers_of(i)) for i in model.objects.order_by("code")]


def item_tiers(item_code: str) -> frozenset[str]:
    """Tiers of the item with this code; UnknownItem when the catalogue has none (or is not installed)."""
    found = lookup_item(item_code) if item_code else None
    if found is None:
        raise UnknownItem(item_code)
    return found[1]


def all_items() -> list[tuple[str, str]]:
    """(code, name) of every catalogue item, for the item chooser."""
    return [(code, name) for code, name, _t in catalogue_items()]


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


def outlet_open_status(status: str) -> bool:
    return status == OutletStatus.OPEN
