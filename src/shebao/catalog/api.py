"""/api/v1/catalog: ranked item search, one item's guide, a bundle with its merged materials."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from ninja import Router, Schema

from shebao.catalog import selectors

router = Router(tags=["catalog"])


class MaterialOut(Schema):
    key: str
    name: str
    form: str
    count: int
    requirement: str
    defer_days: int | None
    notes: str
    example: str


class MergedMaterialOut(MaterialOut):
    items: list[str]


class ItemOut(Schema):
    code: str
    name: str
    name_zh_hant: str
    name_en: str
    category: str
    applicant_types: list[str]
    proxy_allowed: bool
    risk: str
    instant: bool
    channels: list[str]
    outlet_tiers: list[str]
    url: str


class FormFieldOut(Schema):
    key: str
    label: str
    label_zh_hant: str
    label_en: str
    kind: str  # text, date (YYYY-MM-DD), month (YYYY-MM), integer, money, bank_account, phone, id_number,
    # or choice
    required: bool
    choices: list[str]  # for a choice: the answers allowed (zh-hans, as stored)
    choices_en: list[str]
    help: str
    help_zh_hant: str = ""
    help_en: str = ""


class VersionOut(Schema):
    number: int
    effective_from: dt.date
    effective_until: dt.date | None
    legal_basis: str
    conditions: str
    steps: list[str]
    time_limit_days: int
    fee: Decimal
    forms: list[str]
    form_fields: list[FormFieldOut]  # the application form: answers go in the case's `answers` by key


class StatutoryLimitOut(Schema):
    days: int
    unit: str  # "working" or "calendar" days
    basis: str  # the provision that sets it


class ItemDetailOut(ItemOut):
    statutory_limit: StatutoryLimitOut | None  # 法定时限, beside the promised limit of the version
    qr_svg: str  # the URL of the QR code (SVG) that opens the guide's page
    pdf: str  # the URL of the one-page printable guide
    version: VersionOut | None
    materials: list[MaterialOut]


class BundleItemOut(Schema):
    code: str
    name: str
    url: str


class BundleOut(Schema):
    code: str
    name: str
    name_zh_hant: str
    name_en: str
    description: str
    applicant_type: str
    url: str
    qr_svg: str
    pdf: str
    items: list[BundleItemOut]
    materials: list[MergedMaterialOut]


def _item(request, item) -> dict:
    fields = {k: getattr(item, k) for k in ItemOut.model_fields if k != "url"}
    fields["url"] = request.build_absolute_uri(reverse("catalog:item", args=[item.code]))
    return fields


@router.get("/items", response=list[ItemOut], summary="Search items as a citizen types (ranked)")
def items(request, q: str = "", category: str = "", channel: str = "", applicant_type: str = ""):
    found = selectors.item_search(query=q, category=category, channel=channel, applicant_type=applicant_type)
    return [_item(request, i) for i in found]


@router.get("/items/{code}", response=ItemDetailOut, summary="One item's guide, as in force today")
def item(request, code: str):
    guide = selectors.item_guide(code)
    body = _item(request, guide.item)
    body["qr_svg"] = request.build_absolute_uri(reverse("catalog:item_qr", args=[code]))
    body["pdf"] = request.build_absolute_uri(reverse("catalog:item_pdf", args=[code]))
    body["version"] = guide.version
    body["materials"] = guide.materials
    body["statutory_limit"] = guide.statutory
    return body


@router.get(
    "/bundles/{code}", response=BundleOut, summary="A bundle with its merged, de-duplicated materials"
)
def bundle(request, code: str):
    view = selectors.bundle_detail(code)
    b = view.bundle
    return {
        "code": b.code,
        "name": b.name,
        "name_zh_hant": b.name_zh_hant,
        "name_en": b.name_en,
        "description": b.description,
        "applicant_type": b.applicant_type,
        "url": request.build_absolute_uri(reverse("catalog:bundle", args=[code])),
        "qr_svg": request.build_absolute_uri(reverse("catalog:bundle_qr", args=[code])),
        "pdf": request.build_absolute_uri(reverse("catalog:bundle_pdf", args=[code])),
        "items": [
            {
                "code": g.item.code,
                "name": g.item.name,
                "url": request.build_absolute_uri(reverse("catalog:item", args=[g.item.code])),
            }
            for g in view.guides
        ],
        "materials": view.materials,
    }
