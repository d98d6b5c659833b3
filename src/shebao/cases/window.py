"""What this window may accept (前台受理范围): the items the network's rules allow the teller at their own
outlet today, searched with the catalogue's own search, and for an item outside them the nearest outlets
that can accept it, so the teller can send the applicant on instead of filling a form that will be
refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from shebao.catalog.models import Bundle, BundleItem, ServiceItem
from shebao.catalog.selectors import item_search
from shebao.network.rules import items_teller_may_accept
from shebao.network.selectors import OutletResult, nearest_outlets

LISTED = 12  # items offered at once: the search narrows the rest
SEARCHED = 10_000  # every match, so the window's own items are not cut off by items it may not accept
ELSEWHERE_ITEMS = 3  # items outside this window shown with other outlets (one nearest search each)
ELSEWHERE_OUTLETS = 3


@dataclass
class Elsewhere:
    """An item this window may not accept and the nearest outlets that may."""

    item: ServiceItem
    outlets: list[OutletResult]


@dataclass
class WindowChoice:
    items: list[ServiceItem]  # the best matches this window may accept
    count: int  # how many items this window may accept in all
    elsewhere: list[Elsewhere] = field(default_factory=list)  # matches for other outlets only


def window_item_codes(staff) -> set[str]:
    return {item.code for item in items_teller_may_accept(staff)}


def elsewhere(staff, item: ServiceItem) -> Elsewhere:
    """The outlets nearest this window that accept `item` today (this one left out)."""
    outlet = staff.outlet
    found = nearest_outlets(
        lat=outlet.latitude, lng=outlet.longitude, item=item.code, limit=ELSEWHERE_OUTLETS + 1
    )
    return Elsewhere(item, [r for r in found if r.outlet.pk != outlet.pk][:ELSEWHERE_OUTLETS])


def window_choice(staff, query: str) -> WindowChoice:
    """The items for a person that match `query` (all, by popularity, when empty): those this window may
    accept first; with a query, the matches it may not accept with where they can be accepted."""
    allowed = window_item_codes(staff)
    found = item_search(query=query, applicant_type="person", limit=SEARCHED)
    mine = [item for item in found if item.code in allowed]
    others = [item for item in found if item.code not in allowed] if query.strip() else []
    return WindowChoice(
        items=mine[:LISTED],
        count=len(allowed),
        elsewhere=[elsewhere(staff, item) for item in others[:ELSEWHERE_ITEMS]],
    )


def window_bundles(staff) -> list[Bundle]:
    """The bundles for a person whose every item this window may accept."""
    allowed = window_item_codes(staff)
    bundles = Bundle.objects.filter(active=True, applicant_type="person").prefetch_related("members__item")
    return [b for b in bundles if all(m.item.code in allowed for m in b.members.all())]


def refused_here(staff, item_code: str, bundle_code: str) -> list[Elsewhere]:
    """The chosen item, or the bundle's items, this window may not accept, each with where it can be."""
    allowed = window_item_codes(staff)
    if item_code:
        chosen = list(ServiceItem.objects.filter(code=item_code, active=True))
    else:
        members = BundleItem.objects.filter(bundle__code=bundle_code, bundle__active=True)
        chosen = [m.item for m in members.select_related("item").order_by("position")]
    return [elsewhere(staff, item) for item in chosen if item.code not in allowed]
