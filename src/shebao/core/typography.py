"""How words are put together in each language, in one place: the separator of a list (", " in English,
"、" in Chinese), distances with their units (米/公里), and a staff-written reason made fit to sit inside
a sentence. Pages use these through the `typography` template library, texts and PDFs call them directly.

The rule they serve: punctuation that touches a translated word belongs to the translation. A template
never glues ": ", ", " or "(...)" to a translated word: the colon and the brackets are inside the msgid
("Item code: {{ code }}" → "事项编码：{{ code }}"), lists are joined with `join_list`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache

from django.utils.translation import get_language, gettext, pgettext

# Sentence punctuation a writer may end a reason with, in both scripts; the sentence around it has its own.
# Closing brackets and quotes stay: they close something opened inside the reason.
_FINAL_PUNCTUATION = "。．.！!？?；;，,、：: \t\r\n\u3000"


def list_separator() -> str:
    # Translators: between the items of a list of words or numbers. Chinese: the enumeration comma 、
    return pgettext("list separator", ", ")


def join_list(items: Iterable[object]) -> str:
    return list_separator().join(str(item) for item in items)


def format_distance(metres: float) -> str:
    """Metres below a kilometre ("350 m"), kilometres to one decimal above ("2.3 km")."""
    if round(metres) < 1000:
        # Translators: a distance in metres. Chinese: 350米
        return gettext("%(n)s m") % {"n": f"{metres:.0f}"}
    # Translators: a distance in kilometres. Chinese: 2.3公里
    return gettext("%(n)s km") % {"n": f"{metres / 1000:.1f}"}


def as_clause(text: str) -> str:
    """A reason written by staff ("材料不全。") placed inside a sentence ("…：%(reason)s。") keeps no end
    punctuation of its own, or the citizen reads "。。"."""
    return (text or "").strip().rstrip(_FINAL_PUNCTUATION)


def reader_script() -> str:
    """ "hans", "hant" or "en": the script the reader reads content in (pages' language)."""
    language = (get_language() or "").lower()
    if language.startswith("zh-hant") or language in ("zh-tw", "zh-hk", "zh-mo"):
        return "hant"
    return "en" if language.startswith("en") else "hans"


@lru_cache(maxsize=1)
def _opencc_s2tw():
    import opencc  # a few MB of dictionaries: loaded on the first traditional page, not at start-up

    return opencc.OpenCC("s2tw").convert  # the same conversion as the zh-hant catalogue's


@lru_cache(maxsize=8192)
def traditional(text: str) -> str:
    return _opencc_s2tw()(text)


def in_reader_language(text: str, *, hant: str = "", en: str = "") -> str:
    """Content written in simplified Chinese (a name, a condition, a material) in the reader's language:
    the stored translation where there is one; for traditional Chinese, otherwise, the text converted by
    OpenCC (a conversion is better than a script the reader did not choose); for English, otherwise, the
    Chinese text (a proper name is better left than guessed)."""
    script = reader_script()
    if script == "hant":
        return hant or traditional(text or "")
    if script == "en":
        return en or text
    return text


def local_name(obj: object) -> str:
    """An object's or a row's name in the reader's language, from `name`, `name_zh_hant`, `name_en`."""
    get = obj.get if isinstance(obj, Mapping) else lambda key, default="": getattr(obj, key, default)
    return in_reader_language(
        str(get("name", "") or ""), hant=get("name_zh_hant", "") or "", en=get("name_en", "") or ""
    )


def due_date(day: date | None) -> str:
    """A time limit or due date as staff and citizens read it (2027-01-05), marked provisional when it
    lies in a year whose holidays are not yet announced: it was counted on weekdays and may move."""
    from shebao.core.workdays import is_announced

    if day is None:
        return ""
    if is_announced(day):
        return f"{day:%Y-%m-%d}"
    # Translators: a date counted before the year's public holidays were announced. Chinese: %(date)s（暂定）
    return gettext("%(date)s (provisional)") % {"date": f"{day:%Y-%m-%d}"}
