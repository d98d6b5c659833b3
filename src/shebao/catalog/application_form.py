"""An item's application form (申请表) as catalogue data: the fields each item needs (the bank account a
benefit is paid into, the reason for leaving a job, dates, ...), kept in the item's version, filled in the
same way online and at the window, and checked here with every mistake named at once.

A field is a dict in `ItemVersion.form_fields` (the importer's `fields` sheet writes them): key, label
(zh-hans, and optionally zh-hant and en), kind, required, choices (zh-hans, and optionally en), help (zh-hans,
and optionally zh-hant and en)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from shebao.core.errors import ValidationFailed
from shebao.core.idcards import validate_id
from shebao.core.masking import STAR, mask_id, mask_phone
from shebao.core.typography import in_reader_language

KINDS = ("text", "date", "month", "integer", "money", "bank_account", "phone", "id_number", "choice")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
LONGEST_TEXT = 200
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_BANK_ACCOUNT = re.compile(r"^\d{12,30}$")  # a card is 16-19 digits; a passbook account up to ~25
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")  # a mobile, or a landline with its area code
_SEPARATORS = re.compile(r"[\s-]")
UNSAVED_WHEN_EMPTY = ("help_zh_hant", "help_en")
# How the browser asks for each kind (input type, inputmode): a phone shows the number pad for digits.
INPUTS = {"date": ("date", ""), "month": ("month", ""), "integer": ("text", "numeric"),
          "money": ("text", "decimal"), "bank_account": ("text", "numeric"), "phone": ("tel", "tel"),
          "id_number": ("text", "")}  # fmt: skip


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    kind: str
    required: bool = True
    label_zh_hant: str = ""
    label_en: str = ""
    choices: tuple[str, ...] = ()
    choices_en: tuple[str, ...] = ()
    help: str = ""
    help_zh_hant: str = ""
    help_en: str = ""

    @classmethod
    def of(cls, data: Mapping) -> FormField:
        names = cls.__dataclass_fields__
        values = {k: v for k, v in data.items() if k in names}
        values["choices"] = tuple(values.get("choices", ()))
        values["choices_en"] = tuple(values.get("choices_en", ()))
        return cls(**values)

    def as_dict(self) -> dict:
        data = {**asdict(self), "choices": list(self.choices), "choices_en": list(self.choices_en)}
        # The help's translations only when given: a form saved before they existed reads the same, and
        # importing it again makes no new version.
        for key in UNSAVED_WHEN_EMPTY:
            if not data[key]:
                del data[key]
        return data

    @property
    def shown_label(self) -> str:
        return in_reader_language(self.label, hant=self.label_zh_hant, en=self.label_en)

    @property
    def shown_help(self) -> str:
        return in_reader_language(self.help, hant=self.help_zh_hant, en=self.help_en)

    @property
    def shown_choices(self) -> list[tuple[str, str]]:
        """(value, label) pairs: the value is the zh-hans choice, stored as the answer."""
        english = self.choices_en if len(self.choices_en) == len(self.choices) else ("",) * len(self.choices)
        return [(c, in_reader_language(c, en=e)) for c, e in zip(self.choices, english, strict=True)]

    @property
    def input_type(self) -> str:
        return INPUTS.get(self.kind, ("text", ""))[0]

    @property
    def input_mode(self) -> str:
        return INPUTS.get(self.kind, ("text", ""))[1]

    def shown_value(self, value: str) -> str:
        """An answer as a screen or a paper shows it: account, document and phone numbers masked."""
        if self.kind == "bank_account":
            return STAR * 4 + " " + value[-4:]
        if self.kind == "id_number":
            return mask_id(value)
        if self.kind == "phone":
            return mask_phone(value)
        return in_reader_language(value) if self.kind == "choice" else value


def form_of(versions: Iterable) -> list[FormField]:
    """The form of one or several item versions (a bundle's items share one form: a field two items ask
    for, such as the bank account, is asked once)."""
    fields: dict[str, FormField] = {}
    for version in versions:
        for data in version.form_fields or []:
            field = FormField.of(data)
            fields.setdefault(field.key, field)
    return list(fields.values())


def answers_for(version, answers: Mapping[str, str]) -> dict[str, str]:
    """The answers that belong on one item's case (a bundle's form holds the other items' too)."""
    keys = {data["key"] for data in version.form_fields or []}
    return {k: v for k, v in answers.items() if k in keys}


def shown_answers(version, answers: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, shown value) of a case's or an application's answers, in the form's order."""
    return [
        (field.shown_label, field.shown_value(answers[field.key]))
        for field in form_of([version])
        if answers.get(field.key)
    ]


def form_check(fields: list[FormField], answers: Mapping[str, str]) -> dict[str, str]:
    """The answers cleaned (a bank account without its spaces, a date as YYYY-MM-DD), or ValidationFailed
    naming every field that is missing or wrong (as form_<key>)."""
    values: dict[str, str] = {}
    problems: dict[str, str] = {}
    for field in fields:
        raw = " ".join(str(answers.get(field.key, "") or "").split())
        if not raw:
            if field.required:
                problems[f"form_{field.key}"] = _("Fill in “%(label)s”.") % {"label": field.shown_label}
            continue
        try:
            values[field.key] = _CLEANERS[field.kind](field, raw)
        except ValueError as wrong:
            problems[f"form_{field.key}"] = str(wrong.args[0])
    if problems:
        raise ValidationFailed(
            _("Some answers on the application form are missing or wrong. Each one is marked."),
            fields=problems,
        )
    return values


def _text(field: FormField, raw: str) -> str:
    if len(raw) > LONGEST_TEXT:
        raise ValueError(_("At most %(n)d characters.") % {"n": LONGEST_TEXT})
    return raw


def _date(field: FormField, raw: str) -> str:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(_("A date, written YYYY-MM-DD.")) from None
    if not 1900 <= day.year <= 2100:
        raise ValueError(_("A date, written YYYY-MM-DD."))
    return day.isoformat()


def _month(field: FormField, raw: str) -> str:
    found = _MONTH.match(raw)
    if not found or not 1900 <= int(found.group(1)) <= 2100:
        raise ValueError(_("A month, written YYYY-MM."))
    return raw


def _integer(field: FormField, raw: str) -> str:
    if not raw.isascii() or not raw.isdigit() or int(raw) > 9999:
        raise ValueError(_("A whole number from 0 to 9999."))
    return str(int(raw))


def _money(field: FormField, raw: str) -> str:
    try:
        amount = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0 or amount >= 10**8 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("An amount in yuan, e.g. 3500 or 3500.50."))
    return f"{amount:.2f}"


def _bank_account(field: FormField, raw: str) -> str:
    digits = _SEPARATORS.sub("", raw)
    if not _BANK_ACCOUNT.match(digits):
        raise ValueError(_("A bank card or account number: 12 to 30 digits."))
    return digits


def _phone(field: FormField, raw: str) -> str:
    number = _SEPARATORS.sub("", raw).removeprefix("+86")
    if not _PHONE.match(number):
        raise ValueError(_("A mobile number (11 digits) or a landline with its area code."))
    return number


def _id_number(field: FormField, raw: str) -> str:
    check = validate_id("resident_id", raw)
    if not check.valid:
        raise ValueError(str(check.error))
    return check.number


def _choice(field: FormField, raw: str) -> str:
    if raw not in field.choices:
        raise ValueError(_("Choose one of the answers offered."))
    return raw


_CLEANERS = {"text": _text, "date": _date, "month": _month, "integer": _integer, "money": _money,
             "bank_account": _bank_account, "phone": _phone, "id_number": _id_number,
             "choice": _choice}  # fmt: skip


def posted_answers(post: Mapping[str, str]) -> dict[str, str]:
    """The answers of a page's form_<key> fields."""
    return {name[5:]: str(value) for name, value in post.items() if name.startswith("form_")}


def form_rows(fields: list[FormField], answers: Mapping[str, str], problems: Mapping) -> list[tuple]:
    """(field, the answer typed, what is wrong with it) for catalog/_application_form.html."""
    return [(f, answers.get(f.key, ""), str(problems.get(f"form_{f.key}", ""))) for f in fields]
