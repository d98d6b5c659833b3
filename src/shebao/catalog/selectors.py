"""Reads of the catalogue shared by pages, API and other apps. The search index lives in the process and
is rebuilt when the items change (core.fresh): at once in the process that changed them (a signal), and in
every other process within FRESH_FOR seconds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.catalog.merge import MergedMaterial, merge_materials
from shebao.catalog.models import ApplicantType, Bundle, Category, Channel, ItemVersion, Material, ServiceItem
from shebao.catalog.search import catalogue_index, item_document
from shebao.catalog.statutory import StatutoryLimit, statutory_limit
from shebao.core.errors import NotFound, ValidationFailed
from shebao.core.fresh import Fresh
from shebao.core.stamps import CATALOGUE, Stamped
from shebao.core.textsearch import SearchIndex


class UnknownItem(NotFound):
    code = "unknown_item"
    default_message = _("There is no service item with this code.")


class UnknownBundle(NotFound):
    code = "unknown_bundle"
    default_message = _("There is no bundle with this code.")


FRESH_FOR = 2.0  # seconds another process's change to the items may take to reach this one's search


def _stamp() -> tuple:
    agg = ServiceItem.objects.filter(active=True).aggregate(n=Count("id"), at=Max("updated_at"))
    return agg["n"], agg["at"]


@dataclass(frozen=True)
class _Searchable:
    index: SearchIndex
    items: dict[str, ServiceItem]


def _build() -> _Searchable:
    """The index and the items it was built from."""
    items = list(ServiceItem.objects.filter(active=True))
    docs = [
        item_document(
            code=i.code,
            name=i.name,
            name_en=i.name_en,
            keywords=i.keywords,
            category=i.category,
            channels=i.channels,
            applicant_types=i.applicant_types,
            popularity=i.popularity,
        )
        for i in items
    ]
    return _Searchable(catalogue_index(docs), {i.code: i for i in items})


_searchable = Fresh(_stamp, _build, seconds=FRESH_FOR)
# The items changed in this process: the next search rebuilds (connected in apps.py).
forget_search_index = _searchable.forget


def catalogue_stamp() -> tuple:
    """Changes whenever an active item is added, changed or retired (seen by every process within FRESH_FOR):
    the key of whatever is kept of the catalogue's pages."""
    return _searchable.get()[1]  # type: ignore[return-value]


def search_index() -> SearchIndex:
    return _searchable.get()[0].index


def check_filters(*, category: str = "", channel: str = "", applicant_type: str = "") -> None:
    fields = {}
    if category and category not in Category.values:
        fields["category"] = _("Unknown category.")
    if channel and channel not in Channel.values:
        fields["channel"] = _("Unknown channel.")
    if applicant_type and applicant_type not in ApplicantType.values:
        fields["applicant_type"] = _("Unknown applicant type.")
    if fields:
        raise ValidationFailed(fields=fields)


def item_search(
    *, query: str = "", category: str = "", channel: str = "", applicant_type: str = "", limit: int = 30
) -> list[ServiceItem]:
    """Items ranked for a citizen's query, filtered; an empty query lists by popularity."""
    check_filters(category=category, channel=channel, applicant_type=applicant_type)
    searchable = _searchable.get()[0]
    facets = {"category": category, "channel": channel, "applicant_type": applicant_type}
    hits = searchable.index.search(query, facets=facets, limit=limit)
    # The items the index was built from (read-only here): a search costs no query at all.
    return [searchable.items[h.key] for h in hits if h.key in searchable.items]


# What every intake reads of the catalogue, kept in the process while the catalogue is unchanged (its
# stamp, core.stamps): the same objects serve every request, so callers read them and never change them.
_kept: Stamped = Stamped(CATALOGUE)
kept_while_catalogue_unchanged = _kept.get


def active_item(code: str) -> ServiceItem | None:
    return _kept.get(("item", code), lambda: ServiceItem.objects.filter(code=code, active=True).first())


def active_bundle(code: str) -> tuple[Bundle | None, tuple[ServiceItem, ...]]:
    """The bundle and its items in order."""

    def read() -> tuple[Bundle | None, tuple[ServiceItem, ...]]:
        bundle = Bundle.objects.filter(code=code, active=True).first()
        if bundle is None:
            return None, ()
        return bundle, tuple(m.item for m in bundle.members.select_related("item").order_by("position"))

    return _kept.get(("bundle", code), read)


def guide_in_force(item: ServiceItem, day: dt.date) -> tuple[ItemVersion | None, tuple[Material, ...]]:
    """The item's guide version in force on `day` and its materials in order."""

    def read() -> tuple[ItemVersion | None, tuple[Material, ...]]:
        version = item.version_on(day)
        return version, tuple(version.materials.order_by("position")) if version else ()

    return _kept.get(("guide", item.pk, day), read)


def item_by_code(code: str) -> ServiceItem:
    item = ServiceItem.objects.filter(code=code, active=True).first()
    if item is None:
        raise UnknownItem(fields={"code": _("Unknown service item.")})
    return item


@dataclass
class Guide:
    item: ServiceItem
    version: ItemVersion | None
    materials: list[Material]

    @property
    def statutory(self) -> StatutoryLimit | None:
        """The limit the regulation sets (法定时限), shown beside the promised one (承诺时限)."""
        return statutory_limit(self.item.code)


def item_guide(code: str, *, day: dt.date | None = None) -> Guide:
    """The item and the guide version in force on `day` (today by default)."""
    item = item_by_code(code)
    version = item.version_on(day or timezone.localdate())
    materials = list(version.materials.order_by("position")) if version else []
    return Guide(item, version, materials)


@dataclass
class BundleView:
    bundle: Bundle
    guides: list[Guide]
    materials: list[MergedMaterial]


def _bundle_view(bundle: Bundle, day: dt.date) -> BundleView:
    guides = []
    for member in bundle.members.select_related("item").order_by("position"):
        version = member.item.version_on(day)
        guides.append(Guide(member.item, version, list(version.materials.all()) if version else []))
    merged = merge_materials((g.item.code, m) for g in guides for m in g.materials)
    return BundleView(bundle, guides, merged)


def bundle_detail(code: str, *, day: dt.date | None = None) -> BundleView:
    bundle = Bundle.objects.filter(code=code, active=True).first()
    if bundle is None:
        raise UnknownBundle(fields={"code": _("Unknown bundle.")})
    return _bundle_view(bundle, day or timezone.localdate())


def bundle_list(*, applicant_type: str = "", life_event: str = "") -> list[Bundle]:
    bundles = Bundle.objects.filter(active=True).prefetch_related(Prefetch("members", queryset=_members()))
    if applicant_type:
        bundles = bundles.filter(applicant_type=applicant_type)
    result = list(bundles)
    if life_event:
        result = [b for b in result if life_event in b.life_events]
    return result


def _members():
    from shebao.catalog.models import BundleItem

    return BundleItem.objects.select_related("item").order_by("position")


def items_by_category() -> dict[str, list[ServiceItem]]:
    groups: dict[str, list[ServiceItem]] = {c: [] for c in Category.values}
    for item in ServiceItem.objects.filter(active=True).order_by("-popularity", "code"):
        groups[item.category].append(item)
    return groups
