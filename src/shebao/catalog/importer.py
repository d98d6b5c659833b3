"""Reading and checking a catalogue file (CSV or XLSX) before anything is written.

The format is the one `export` writes, so an agency can export, edit in a spreadsheet and import:
- XLSX: sheets `items`, `materials`, `bundles`, `fields` (any may be missing);
- CSV: one file of one kind (items, materials, bundles or fields), chosen on upload.
`fields` are the items' application forms (catalog.application_form), a row per field.
Lists inside a cell are separated by ";". Blank `legal_basis` or `steps` take the category's standard text;
a blank material name takes the name of its key in data/material_keys.csv.

Every problem is collected with its sheet and line number (the header is line 1); if there is any, the
whole file is rejected and nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from shebao.catalog import application_form
from shebao.catalog.models import (
    TIER_CHOICES,
    ApplicantType,
    Category,
    Channel,
    MaterialForm,
    Requirement,
    Risk,
)
from shebao.catalog.textnorm import DATA, material_key
from shebao.core.errors import ValidationFailed
from shebao.core.textsearch.normalise import normalise

KINDS = ("items", "materials", "bundles", "fields")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,29}$")
ITEM_COLUMNS = [
    "code",
    "name",
    "name_zh_hant",
    "name_en",
    "category",
    "applicant_types",
    "proxy_allowed",
    "risk",
    "instant",
    "channels",
    "outlet_tiers",
    "time_limit_days",
    "fee",
    "forms",
    "keywords",
    "popularity",
    "conditions",
    "legal_basis",
    "steps",
    "effective_from",
]
MATERIAL_COLUMNS = [
    "item_code",
    "position",
    "key",
    "name",
    "form",
    "count",
    "requirement",
    "defer_days",
    "notes",
    "example",
]
BUNDLE_COLUMNS = [
    "code",
    "name",
    "name_zh_hant",
    "name_en",
    "applicant_type",
    "life_events",
    "items",
    "description",
]
FIELD_COLUMNS = [
    "item_code",
    "position",
    "key",
    "label",
    "label_zh_hant",
    "label_en",
    "kind",
    "required",
    "choices",
    "choices_en",
    "help",
    "help_zh_hant",
    "help_en",
]
COLUMNS = {
    "items": ITEM_COLUMNS,
    "materials": MATERIAL_COLUMNS,
    "bundles": BUNDLE_COLUMNS,
    "fields": FIELD_COLUMNS,
}
YES, NO = {"yes", "y", "true", "1", "是"}, {"no", "n", "false", "0", "否", ""}


def problem_text(sheet: str, line: int, message: str) -> str:
    """One bad row as a reader says it (Chinese: "items 第3行：…"): the word order is the translator's."""
    return _("%(sheet)s, line %(line)s: %(message)s") % {"sheet": sheet, "line": line, "message": message}


class ImportRejected(ValidationFailed):
    code = "import_rejected"

    def __init__(self, problems: list[tuple[str, int, str]]) -> None:
        self.problems = problems
        first = _("; ").join(problem_text(*problem) for problem in problems[:5])
        super().__init__(_("Nothing was imported. %(problems)s") % {"problems": first})


@dataclass
class MaterialSpec:
    key: str
    name: str
    form: str
    count: int
    requirement: str
    defer_days: int | None
    notes: str
    example: str


@dataclass
class ItemSpec:
    line: int
    fields: dict  # ServiceItem fields
    content: dict  # ItemVersion fields
    effective_from: dt.date | None
    materials: list[MaterialSpec] | None = None
    material_line: int = 0
    form_fields: list[dict] | None = None  # the fields sheet's rows for the item, as FormField dicts


@dataclass
class BundleSpec:
    line: int
    fields: dict
    items: list[str] = field(default_factory=list)


@dataclass
class Plan:
    items: dict[str, ItemSpec]
    materials: dict[str, tuple[int, list[MaterialSpec]]]  # for items not in the items sheet
    bundles: list[BundleSpec]
    form_fields: dict[str, tuple[int, list[dict]]] = field(default_factory=dict)  # likewise


@functools.cache
def material_dictionary() -> tuple[dict[str, dict], dict[str, str]]:
    """(key → row, normalised alias → key) from data/material_keys.csv."""
    rows, aliases = {}, {}
    with open(DATA / "material_keys.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            rows[row["key"]] = row
            for alias in [row["name"], *row["aliases"].split("|")]:
                if alias.strip():
                    aliases[normalise(alias)] = row["key"]
    return rows, aliases


@functools.cache
def category_defaults() -> dict:
    return json.loads((DATA / "category_defaults.json").read_text(encoding="utf-8"))


STAFFED = frozenset({"window", "cooperation", "home_visit"})


def default_steps(channels: list[str], *, instant: bool, days: int) -> list[str]:
    """The standard steps of an item without its own, naming the channels it really has (a window-only
    item must not send the citizen to a bank point)."""
    defaults = category_defaults()
    words = defaults["channel_words"]
    where = "、".join(words[c] for c in words if c in channels) or words["window"]
    staffed, remote = bool(STAFFED & set(channels)), bool(set(channels) - STAFFED)
    verify = defaults["verify"]["both" if staffed and remote else "staff" if staffed else "self"]
    template = defaults["steps_instant" if instant else "steps_reviewed"]
    return [step.format(where=where, verify=verify, days=days) for step in template]


def read_upload(filename: str, data: bytes, kind: str | None = None) -> dict[str, list[tuple[int, dict]]]:
    """Rows by sheet, each with its line number. CSV needs `kind`; XLSX names its sheets."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if kind not in KINDS:
        raise ValidationFailed(
            fields={"kind": _("Choose what the CSV file holds: items, materials, bundles or fields.")}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(fields={"file": _("The CSV file must be saved as UTF-8.")}) from None
    reader = csv.DictReader(io.StringIO(text))
    return {kind: [(n, _clean(row)) for n, row in enumerate(reader, 2)]}


def _read_xlsx(data: bytes) -> dict[str, list[tuple[int, dict]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise ValidationFailed(fields={"file": _("This is not a readable XLSX file.")}) from None
    tables = {}
    for kind in KINDS:
        if kind not in book.sheetnames:
            continue
        rows = list(book[kind].iter_rows(values_only=True))
        header = [str(h or "").strip() for h in (rows[0] if rows else [])]
        tables[kind] = [
            (n, _clean(dict(zip(header, row, strict=False))))
            for n, row in enumerate(rows[1:], 2)
            if any(v not in (None, "") for v in row)
        ]
    return tables


def _clean(row: dict) -> dict:
    out = {}
    for k, v in row.items():
        if k is None:
            continue
        if isinstance(v, dt.datetime):
            v = v.date().isoformat()
        elif isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, float) and v.is_integer():
            v = int(v)
        out[str(k).strip()] = "" if v is None else str(v).strip()
    return out


def _split(value: str) -> list[str]:
    return [p.strip() for p in (value or "").replace("；", ";").split(";") if p.strip()]


class _Checker:
    def __init__(self, sheet: str, line: int, problems: list) -> None:
        self.sheet, self.line, self.problems = sheet, line, problems

    def fail(self, message: str) -> None:
        self.problems.append((self.sheet, self.line, message))

    def choice(self, row: dict, column: str, allowed, *, default: str | None = None) -> str:
        value = row.get(column, "") or (default or "")
        if value not in allowed:
            self.fail(
                _("%(column)s: %(value)r is not one of %(allowed)s")
                % {"column": column, "value": value, "allowed": ", ".join(allowed)}
            )
        return value

    def choices(self, row: dict, column: str, allowed, *, required: bool = True) -> list[str]:
        values = _split(row.get(column, ""))
        bad = [v for v in values if v not in allowed]
        if bad or (required and not values):
            self.fail(
                _("%(column)s: use one or more of %(allowed)s")
                % {"column": column, "allowed": ", ".join(allowed)}
            )
        return values

    def flag(self, row: dict, column: str) -> bool:
        value = (row.get(column) or "").lower()
        if value not in YES | NO:
            self.fail(_("%(column)s: write yes or no") % {"column": column})
        return value in YES

    def integer(self, row: dict, column: str, *, minimum: int = 0, blank: int | None = 0) -> int | None:
        value = row.get(column, "")
        if value == "":
            return blank
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or number < minimum:
            self.fail(
                _("%(column)s: a whole number of at least %(min)s") % {"column": column, "min": minimum}
            )
            return blank
        return number


def parse(tables: dict[str, list[tuple[int, dict]]], known_items: set[str]) -> Plan:
    """Check every row; raise ImportRejected listing every problem, or return what to write."""
    problems: list[tuple[str, int, str]] = []
    plan = Plan(items={}, materials={}, bundles=[])
    for line, row in tables.get("items", []):
        spec = _item(row, _Checker("items", line, problems))
        if spec is None:
            continue
        if spec.fields["code"] in plan.items:
            problems.append(("items", line, _("code %(code)s appears twice") % {"code": spec.fields["code"]}))
        plan.items[spec.fields["code"]] = spec
    _materials(tables.get("materials", []), plan, known_items, problems)
    _form_fields(tables.get("fields", []), plan, known_items, problems)
    for line, row in tables.get("bundles", []):
        bundle = _bundle(row, _Checker("bundles", line, problems), known_items | set(plan.items))
        if bundle is not None:
            plan.bundles.append(bundle)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (KINDS.index(p[0]), p[1])))
    return plan


def _item(row: dict, check: _Checker) -> ItemSpec | None:
    code = row.get("code", "")
    if not CODE.match(code):
        check.fail(_("code: 2-30 letters, digits, - or _"))
    if not row.get("name"):
        check.fail(_("name is missing"))
    category = check.choice(row, "category", Category.values)
    risk = check.choice(row, "risk", Risk.values)
    instant = check.flag(row, "instant")
    if instant and risk != Risk.LOW:
        check.fail(_("instant: only a low-risk item can be decided at the window"))
    try:
        fee = Decimal(row.get("fee") or "0")
        if fee < 0 or fee != fee.quantize(Decimal("0.01")):
            raise InvalidOperation
    except InvalidOperation:
        check.fail(_("fee: an amount in yuan, e.g. 0 or 20.00"))
        fee = Decimal(0)
    if risk == Risk.HIGH and not row.get("time_limit_days", "").strip("0"):
        check.fail(_("time_limit_days: a reviewed item needs a time limit in working days"))
    effective = None
    if row.get("effective_from"):
        try:
            effective = dt.date.fromisoformat(row["effective_from"])
        except ValueError:
            check.fail(_("effective_from: a date written YYYY-MM-DD"))
    defaults = category_defaults()
    channels = check.choices(row, "channels", Channel.values)
    days = check.integer(row, "time_limit_days") or 0
    steps = _split(row.get("steps", "")) or default_steps(channels, instant=instant, days=days)
    return ItemSpec(
        line=check.line,
        fields={
            "code": code,
            "name": row.get("name", "")[:100],
            "name_zh_hant": row.get("name_zh_hant", "")[:100],
            "name_en": row.get("name_en", "")[:200],
            "category": category,
            "applicant_types": check.choices(row, "applicant_types", ApplicantType.values),
            "proxy_allowed": check.flag(row, "proxy_allowed"),
            "risk": risk,
            "instant": instant,
            "channels": channels,
            "outlet_tiers": check.choices(row, "outlet_tiers", [c for c, _l in TIER_CHOICES], required=False),
            "keywords": row.get("keywords", "")[:300],
            "popularity": check.integer(row, "popularity"),
        },
        content={
            "legal_basis": row.get("legal_basis") or defaults["legal_basis"].get(category, ""),
            "conditions": row.get("conditions", ""),
            "steps": steps,
            "time_limit_days": days,
            "fee": fee,
            "forms": _split(row.get("forms", "")),
        },
        effective_from=effective,
    )


def _materials(rows, plan: Plan, known_items: set[str], problems: list) -> None:
    dictionary, aliases = material_dictionary()
    grouped: dict[str, tuple[int, list[MaterialSpec]]] = {}
    for line, row in rows:
        check = _Checker("materials", line, problems)
        code = row.get("item_code", "")
        if code not in plan.items and code not in known_items:
            check.fail(_("item_code: no item %(code)s in this file or the catalogue") % {"code": code})
            continue
        key = row.get("key") or material_key(row.get("name", ""), aliases)
        known = dictionary.get(key, {})
        name = row.get("name") or known.get("name", "")
        if not key or not name:
            check.fail(_("key or name: name the material"))
            continue
        requirement = check.choice(row, "requirement", Requirement.values, default=Requirement.REQUIRED)
        defer = check.integer(row, "defer_days", minimum=1, blank=None)
        if (requirement == Requirement.DEFERRABLE) != (defer is not None):
            check.fail(_("defer_days: give working days for a deferrable material, and only for one"))
        spec = MaterialSpec(
            key=key[:60],
            name=name[:120],
            form=check.choice(row, "form", MaterialForm.values, default=known.get("form") or "copy"),
            count=check.integer(row, "count", minimum=1, blank=1) or 1,
            requirement=requirement,
            defer_days=defer,
            notes=(row.get("notes") or known.get("notes", ""))[:300],
            example=(row.get("example") or known.get("example", ""))[:300],
        )
        _first, specs = grouped.setdefault(code, (line, []))
        if any(s.key == spec.key for s in specs):
            check.fail(
                _("the item %(code)s lists the material %(key)s twice") % {"code": code, "key": spec.key}
            )
        specs.append(spec)
    for code, (line, specs) in grouped.items():
        if code in plan.items:
            plan.items[code].materials, plan.items[code].material_line = specs, line
        else:
            plan.materials[code] = (line, specs)


def _form_field(row: dict, check: _Checker) -> dict:
    key, kind = row.get("key", ""), check.choice(row, "kind", application_form.KINDS)
    if not application_form.KEY.match(key):
        check.fail(_("key: a-z, digits and _, starting with a letter"))
    if not row.get("label"):
        check.fail(_("label is missing"))
    choices, choices_en = _split(row.get("choices", "")), _split(row.get("choices_en", ""))
    if (kind == "choice") != bool(choices):
        check.fail(_("choices: list the answers of a choice, and only of a choice"))
    if choices_en and len(choices_en) != len(choices):
        check.fail(_("choices_en: one English answer for each answer in choices"))
    required = check.flag(row, "required") if row.get("required") else True
    spec = application_form.FormField(
        key=key[:40], label=row.get("label", "")[:100], kind=kind, required=required,
        label_zh_hant=row.get("label_zh_hant", "")[:100], label_en=row.get("label_en", "")[:200],
        choices=tuple(choices), choices_en=tuple(choices_en), help=row.get("help", "")[:300],
        help_zh_hant=(row.get("help_zh_hant") or "")[:300], help_en=(row.get("help_en") or "")[:600],
    )  # fmt: skip
    return spec.as_dict()


def _form_fields(rows, plan: Plan, known_items: set[str], problems: list) -> None:
    """Each item's form, its fields in `position` order (blank: the order of the rows)."""
    grouped: dict[str, tuple[int, list[dict]]] = {}
    for line, row in sorted(rows, key=lambda r: (r[1].get("item_code", ""), _position(r[1]), r[0])):
        check = _Checker("fields", line, problems)
        code = row.get("item_code", "")
        if code not in plan.items and code not in known_items:
            check.fail(_("item_code: no item %(code)s in this file or the catalogue") % {"code": code})
            continue
        spec = _form_field(row, check)
        _first, specs = grouped.setdefault(code, (line, []))
        if any(s["key"] == spec["key"] for s in specs):
            check.fail(
                _("the item %(code)s asks for the field %(key)s twice") % {"code": code, "key": spec["key"]}
            )
        specs.append(spec)
    for code, (line, specs) in grouped.items():
        if code in plan.items:
            plan.items[code].form_fields = specs
        else:
            plan.form_fields[code] = (line, specs)


def _position(row: dict) -> int:
    value = str(row.get("position", ""))
    return int(value) if value.isdigit() else 0


def _bundle(row: dict, check: _Checker, item_codes: set[str]) -> BundleSpec | None:
    code = row.get("code", "")
    if not CODE.match(code):
        check.fail(_("code: 2-30 letters, digits, - or _"))
    if not row.get("name"):
        check.fail(_("name is missing"))
    items = _split(row.get("items", ""))
    missing = [c for c in items if c not in item_codes]
    if missing or len(items) < 2:
        check.fail(
            _("items: a bundle groups two or more known item codes (unknown: %(codes)s)")
            % {"codes": ", ".join(missing) or "-"}
        )
    return BundleSpec(
        line=check.line,
        fields={
            "code": code,
            "name": row.get("name", "")[:100],
            "name_zh_hant": row.get("name_zh_hant", "")[:100],
            "name_en": row.get("name_en", "")[:200],
            "applicant_type": check.choice(row, "applicant_type", ApplicantType.values),
            "life_events": _split(row.get("life_events", "")),
            "description": row.get("description", ""),
        },
        items=items,
    )
