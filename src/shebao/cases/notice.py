"""The one-time notice (一次性告知书, source 001, Luzhou): everything missing, listed at once, in writing,
with a QR code to the item's guide. Issuing it creates no case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.errors import ValidationFailed


@dataclass
class NoticeLine:
    key: str
    name: str
    requirement: str  # "required" (blocks acceptance) or "deferrable" (may follow later)
    defer_days: int | None
    items: list[str] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return self.requirement == "required"


@dataclass
class OneTimeNotice:
    person_name: str  # masked
    item_codes: list[str]
    item_names: list[str]
    lines: list[NoticeLine]
    outlet_name: str
    outlet_phone: str
    teller_name: str
    issued_at: datetime

    @classmethod
    def build(cls, person, plans, lines, outlet, teller) -> OneTimeNotice:
        staff = getattr(teller, "staff", None)
        return cls(
            person_name=person.masked_name,
            item_codes=[p.item.code for p in plans],
            item_names=[p.item.name for p in plans],
            lines=lines,
            outlet_name=outlet.name,
            outlet_phone=outlet.phone,
            teller_name=staff.display_name if staff else "",
            issued_at=timezone.now(),
        )

    def log_data(self) -> dict:
        return {
            "items": self.item_codes,
            "missing": [x.key for x in self.lines if x.blocking],
            "deferrable": [x.key for x in self.lines if not x.blocking],
        }

    def as_dict(self) -> dict:
        return {
            "items": self.item_codes,
            "missing": [
                {"key": x.key, "name": x.name, "blocking": x.blocking, "defer_days": x.defer_days}
                for x in self.lines
            ],
        }


class MaterialsMissing(ValidationFailed):
    code = "materials_missing"
    default_message = _(
        "Required materials are missing. The one-time notice lists everything still needed; "
        "no case was created."
    )

    def __init__(self, notice: OneTimeNotice) -> None:
        super().__init__(fields={f"material_{x.key}": x.name for x in notice.lines if x.blocking})
        self.notice = notice
