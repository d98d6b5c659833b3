"""Every change to the catalogue: publishing a guide version, importing a file (all or nothing), and the
edits an administrator makes to an item's identity or a bundle in the Django admin."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.catalog import importer
from shebao.catalog.models import Bundle, BundleItem, ItemVersion, Material, ServiceItem
from shebao.core.audit import log_action
from shebao.core.errors import ValidationFailed
from shebao.core.permissions import require

CONTENT_FIELDS = ("legal_basis", "conditions", "steps", "time_limit_days", "fee", "forms", "form_fields")


def _materials_of(version: ItemVersion) -> list[importer.MaterialSpec]:
    return [
        importer.MaterialSpec(m.key, m.name, m.form, m.count, m.requirement, m.defer_days, m.notes, m.example)
        for m in version.materials.order_by("position")
    ]


def _same(version: ItemVersion, content: dict, materials: list[importer.MaterialSpec]) -> bool:
    return (
        all(getattr(version, f) == content[f] for f in CONTENT_FIELDS) and _materials_of(version) == materials
    )


def item_version_publish(
    *,
    actor,
    item: ServiceItem,
    content: dict,
    materials: list[importer.MaterialSpec],
    effective_from: dt.date | None = None,
    change_note: str = "",
    system: bool = False,
) -> ItemVersion | None:
    """Publish a new guide version from `effective_from` (default today); the previous version ends that
    day. Nothing happens (None) when the content equals the latest version. Versions already published
    are never edited, so a case's reference keeps meaning what the citizen was told."""
    if not system:
        require(actor, "catalog.item.publish", item)
    with transaction.atomic():
        latest = ItemVersion.objects.select_for_update().filter(item=item).order_by("-number").first()
        # A publisher that says nothing of the application form keeps the latest version's.
        content = {"form_fields": latest.form_fields if latest else [], **content}
        if latest is not None and _same(latest, content, materials):
            return None
        start = effective_from or timezone.localdate()
        if latest is not None and start <= latest.effective_from:
            raise ValidationFailed(
                _("A new version must start after the current one (%(date)s).")
                % {"date": latest.effective_from},
                fields={"effective_from": _("Choose a later date.")},
            )
        if latest is not None:
            latest.effective_until = start
            latest.save(update_fields=["effective_until"])
        version = ItemVersion.objects.create(
            item=item,
            number=(latest.number + 1) if latest else 1,
            effective_from=start,
            change_note=change_note[:200],
            **content,
        )
        Material.objects.bulk_create(
            Material(version=version, position=n, **asdict(m)) for n, m in enumerate(materials, 1)
        )
        log_action(
            "catalog.item.version_published",
            actor=actor,
            obj=item,
            data={"number": version.number, "effective_from": start.isoformat()},
        )
    return version


def catalogue_import(*, actor, tables: dict, system: bool = False) -> dict[str, int]:
    """Check then write a whole catalogue file in one transaction: any bad row, and nothing changes."""
    if not system:
        require(actor, "catalog.catalogue.import")
    known = set(ServiceItem.objects.values_list("code", flat=True))
    plan = importer.parse(tables, known)
    counts = {"items": 0, "versions": 0, "bundles": 0}
    with transaction.atomic():
        for spec in plan.items.values():
            item, created = ServiceItem.objects.update_or_create(
                code=spec.fields["code"], defaults=spec.fields
            )
            counts["items"] += int(created)
            latest = item.versions.order_by("-number").first()
            materials = (
                spec.materials if spec.materials is not None else (_materials_of(latest) if latest else [])
            )
            form = (
                spec.form_fields if spec.form_fields is not None else (latest.form_fields if latest else [])
            )
            counts["versions"] += _publish_or_reject(
                actor, item, {**spec.content, "form_fields": form}, materials, spec.effective_from,
                ("items", spec.line),
            )  # fmt: skip
        # Items whose materials or form alone changed: a new version with the rest of the latest.
        for code in [*plan.materials, *(c for c in plan.form_fields if c not in plan.materials)]:
            item = ServiceItem.objects.get(code=code)
            latest = item.versions.order_by("-number").first()
            content = {f: getattr(latest, f) for f in CONTENT_FIELDS} if latest else _empty_content(item)
            materials = _materials_of(latest) if latest else []
            if code in plan.form_fields:
                line, content["form_fields"] = plan.form_fields[code]
                where = ("fields", line)
            if code in plan.materials:
                line, materials = plan.materials[code]
                where = ("materials", line)
            counts["versions"] += _publish_or_reject(actor, item, content, materials, None, where)
        for spec in plan.bundles:
            bundle, created = Bundle.objects.update_or_create(code=spec.fields["code"], defaults=spec.fields)
            counts["bundles"] += int(created)
            by_code = {i.code: i for i in ServiceItem.objects.filter(code__in=spec.items)}
            bundle.members.all().delete()
            BundleItem.objects.bulk_create(
                BundleItem(bundle=bundle, item=by_code[c], position=n) for n, c in enumerate(spec.items, 1)
            )
        if not system or any(counts.values()):  # a seed re-run that changed nothing is not an event
            log_action("catalog.catalogue.imported", actor=actor, data=counts)
    return counts


def _empty_content(item: ServiceItem) -> dict:
    defaults = importer.category_defaults()
    return {
        "legal_basis": defaults["legal_basis"].get(item.category, ""),
        "conditions": "",
        "steps": importer.default_steps(item.channels, instant=item.instant, days=0),
        "time_limit_days": 0,
        "fee": 0,
        "forms": [],
        "form_fields": [],
    }


def _publish_or_reject(actor, item, content, materials, effective_from, where: tuple[str, int]) -> int:
    try:
        version = item_version_publish(
            actor=actor,
            item=item,
            content=content,
            materials=materials,
            effective_from=effective_from,
            change_note=_("Imported"),
            system=True,
        )
    except ValidationFailed as exc:
        raise importer.ImportRejected([(where[0], where[1], str(exc.message))]) from None
    return int(version is not None)


def item_save(*, actor, item: ServiceItem, changed: list[str], created: bool) -> ServiceItem:
    """Save an item edited in the admin (names, category, channels, tiers, risk: what is not versioned).
    The guide's content changes only through a new version."""
    require(actor, "catalog.item.edit", item)
    with transaction.atomic():
        item.save()
        log_action(
            "catalog.item.created" if created else "catalog.item.changed",
            actor=actor,
            obj=item,
            data={"code": item.code, "fields": sorted(changed)},
        )
    return item


def bundle_saved(*, actor, bundle: Bundle, changed: list[str], created: bool) -> None:
    """Record an admin's edit of a bundle once its members are saved (the admin saves them itself)."""
    require(actor, "catalog.bundle.edit", bundle)
    members = list(bundle.members.order_by("position").values_list("item__code", flat=True))
    log_action(
        "catalog.bundle.created" if created else "catalog.bundle.changed",
        actor=actor,
        obj=bundle,
        data={"code": bundle.code, "fields": sorted(changed), "items": members},
    )


def bundle_delete(*, actor, bundle: Bundle) -> None:
    require(actor, "catalog.bundle.edit", bundle)
    with transaction.atomic():
        log_action("catalog.bundle.deleted", actor=actor, obj=bundle, data={"code": bundle.code})
        bundle.delete()
