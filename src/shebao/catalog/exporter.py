"""Writing the catalogue in the import format (CSV of one kind, or XLSX with all four sheets)."""

from __future__ import annotations

import csv
import io

from shebao.catalog.importer import COLUMNS
from shebao.catalog.models import Bundle, ServiceItem


def _join(values) -> str:
    return ";".join(str(v) for v in values)


def rows(kind: str) -> list[dict]:
    out = []
    if kind == "bundles":
        for b in Bundle.objects.prefetch_related("members__item"):
            out.append(
                {
                    "code": b.code,
                    "name": b.name,
                    "name_zh_hant": b.name_zh_hant,
                    "name_en": b.name_en,
                    "applicant_type": b.applicant_type,
                    "life_events": _join(b.life_events),
                    "items": _join(m.item.code for m in b.members.order_by("position")),
                    "description": b.description,
                }
            )
        return out
    for item in ServiceItem.objects.order_by("code"):
        version = item.current_version() or item.versions.order_by("-number").first()
        if kind == "items":
            out.append(
                {
                    "code": item.code,
                    "name": item.name,
                    "name_zh_hant": item.name_zh_hant,
                    "name_en": item.name_en,
                    "category": item.category,
                    "applicant_types": _join(item.applicant_types),
                    "proxy_allowed": "yes" if item.proxy_allowed else "no",
                    "risk": item.risk,
                    "instant": "yes" if item.instant else "no",
                    "channels": _join(item.channels),
                    "outlet_tiers": _join(item.outlet_tiers),
                    "keywords": item.keywords,
                    "popularity": item.popularity,
                    "time_limit_days": version.time_limit_days if version else 0,
                    "fee": version.fee if version else 0,
                    "forms": _join(version.forms) if version else "",
                    "conditions": version.conditions if version else "",
                    "legal_basis": version.legal_basis if version else "",
                    "steps": _join(version.steps) if version else "",
                    "effective_from": version.effective_from.isoformat() if version else "",
                }
            )
        elif kind == "fields" and version is not None:
            out += [_field_row(item.code, n, f) for n, f in enumerate(version.form_fields, 1)]
        elif kind == "materials" and version is not None:
            for m in version.materials.order_by("position"):
                out.append(
                    {
                        "item_code": item.code,
                        "position": m.position,
                        "key": m.key,
                        "name": m.name,
                        "form": m.form,
                        "count": m.count,
                        "requirement": m.requirement,
                        "defer_days": m.defer_days or "",
                        "notes": m.notes,
                        "example": m.example,
                    }
                )
    return out


def _field_row(code: str, position: int, field: dict) -> dict:
    return {
        **{c: field.get(c, "") for c in COLUMNS["fields"]},
        "item_code": code,
        "position": position,
        "required": "yes" if field.get("required", True) else "no",
        "choices": _join(field.get("choices", [])),
        "choices_en": _join(field.get("choices_en", [])),
    }


def to_csv(kind: str) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS[kind])
    writer.writeheader()
    writer.writerows(rows(kind))
    return buf.getvalue().encode("utf-8-sig")  # with BOM, so spreadsheet programs read UTF-8


def to_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for kind, columns in COLUMNS.items():
        sheet = book.create_sheet(kind)
        sheet.append(columns)
        for row in rows(kind):
            sheet.append([str(row.get(c, "")) if row.get(c, "") is not None else "" for c in columns])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
