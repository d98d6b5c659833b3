"""How words are put together in each language, in one place: the separator of a list (", " in English,
"、" in Chinese), distances with their units (米/公里), and a staff-written reason made fit to sit inside
a sentence. Pages use these through the `typography` template library, texts and PDFs call them directly.

The rule they serve: punctuation that touches a translated word belongs to the translation. A template
never glues ": ", ", " or "(...)" to a translated word: the colon and the brackets are inside the msgid
("Item code: {{ code }}" → "事项编码：{{ code }}"), lists are joined with `join_list`."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext, pgettext

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
