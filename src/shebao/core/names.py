"""Person names as they are written on identity documents, and as people actually type them.

Pure module. Names are stored as given, with two exceptions that make one name one string:
- the middle dot of minority and transliterated foreign names (阿依古丽·买买提) is stored as U+00B7, the
  character the Ministry of Public Security prints on ID cards. Input methods produce look-alikes
  (• U+2022, ‧ U+2027, ・ U+30FB, ･ U+FF65, ∙ U+2219, ⋅ U+22C5, ⸱ U+2E31, · U+0387), and a full stop typed
  between two Chinese characters (阿依古丽.买买提) can only mean the dot: all become U+00B7, so a search
  with any of them finds the person.
- spaces next to a Chinese character or a dot are dropped (张 三 is 张三); between Latin words one space
  stays (MICHAEL BROWN).
Rare characters (生僻字), including those outside the Basic Multilingual Plane (𠇔, U+201D4) and
ideographic variation selectors, are kept exactly: no Unicode normalisation is applied, since NFC/NFKC
would replace CJK compatibility ideographs that some names need. Private-use characters (the font patches
of older systems) are refused: no other system can read them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MIDDLE_DOT = "\u00b7"
DOT_LOOKALIKES = "\u2022\u2027\u30fb\uff65\u2219\u22c5\u2e31\u0387"
MAX_LENGTH = 100

NAME_ERRORS = {
    "empty": _("Please enter the name as it is on the document."),
    "digits": _("A name cannot contain digits."),
    "too_long": _("A name has at most 100 characters."),
    "misplaced_dot": _("The middle dot (·) stands between two parts of a name, one at a time."),
    "private_use": _(
        "The name contains a character from a private font that other systems cannot read: "
        "please enter the standard character."
    ),
    "bad_character": _(
        "A name may contain only letters, the middle dot (·), spaces, hyphens and apostrophes."
    ),
}

_LOOKALIKE_TABLE = str.maketrans(dict.fromkeys(DOT_LOOKALIKES, MIDDLE_DOT))
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff〇]"
_STOP_BETWEEN_HAN = re.compile(rf"(?<={_HAN})\s*[.．。]\s*(?={_HAN})")
_SPACE_NEXT_TO_HAN_OR_DOT = re.compile(rf"\s+(?={_HAN}|{MIDDLE_DOT})|(?<={_HAN})\s+|(?<={MIDDLE_DOT})\s+")
_SPACES = re.compile(r"\s+")
_PUNCTUATION_ALLOWED = frozenset({MIDDLE_DOT, " ", "-", "'", "."})


@dataclass(frozen=True)
class NameCheck:
    valid: bool
    name: str  # normalised
    error: str | None = None  # lazy translated message
    error_code: str | None = None  # key of NAME_ERRORS


def normalise_name(name: str) -> str:
    """The stored form of a typed name (see the module docstring); does not judge it."""
    name = (name or "").translate(_LOOKALIKE_TABLE)
    name = _STOP_BETWEEN_HAN.sub(MIDDLE_DOT, name.strip())
    name = _SPACE_NEXT_TO_HAN_OR_DOT.sub("", name)
    return _SPACES.sub(" ", name)


def _character_error(char: str) -> str | None:
    category = unicodedata.category(char)
    if category == "Nd":
        return "digits"
    if category == "Co":
        return "private_use"
    # Letters (all CJK ideographs are Lo), marks (variation selectors are Mn), 〇 (Nl).
    if category[0] in "LM" or category == "Nl" or char in _PUNCTUATION_ALLOWED:
        return None
    return "bad_character"


def check_name(name: str) -> NameCheck:
    """Normalise and judge a person's name; never raises for bad input."""
    normalised = normalise_name(name if isinstance(name, str) else "")
    code = None
    if not normalised:
        code = "empty"
    elif len(normalised) > MAX_LENGTH:
        code = "too_long"
    else:
        code = next(filter(None, map(_character_error, normalised)), None)
    if code is None and MIDDLE_DOT in normalised:
        parts = normalised.split(MIDDLE_DOT)
        code = "misplaced_dot" if any(not part.strip() for part in parts) else None
    if code:
        return NameCheck(valid=False, name=normalised, error=NAME_ERRORS[code], error_code=code)
    return NameCheck(valid=True, name=normalised)
