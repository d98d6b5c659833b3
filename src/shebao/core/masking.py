"""Masking of personal data for display and logs (RULES.md: "Masked on the server").

Pure module. Masking happens before data leaves the server, so a page, an export or a log line never
carries a full ID number or phone number unless a permission explicitly asks for it.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, unquote_plus

STAR = "*"

# Digits not preceded or followed by another digit, so that longer numbers (order numbers, timestamps) are
# not cut into pieces that look like IDs. Longest first: an 18-character ID contains 15 and 11 digits.
_ID_18 = r"\d{17}[\dXx]"
_ID_15 = r"\d{15}"
# A mainland mobile number: 1[3-9] + 9 digits, optionally written 3-4-4 with spaces or hyphens, optionally
# after +86 / 86 (the prefix is kept: it says nothing about the person).
_MOBILE = r"(?:(?:\+|00)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}"
_PERSONAL_NUMBER = re.compile(rf"(?<!\d)(?:(?P<id>{_ID_18}|{_ID_15})|(?P<mobile>{_MOBILE}))(?!\d)")
# Documents with letters, standing alone: Mainland Travel Permits for Hong Kong and Macau residents (H/M +
# 8 or 10 digits), the old permanent residence card (3 letters + 12 digits), Chinese passports (E, G, D, S
# or P, maybe a second letter, then 7-8 digits) and older Taiwan travel permits (10 digits + (letter)).
# The 8-digit Taiwan travel permit is not looked for: in free text it cannot be told from a date.
_LETTERED_DOCUMENT = re.compile(
    r"(?<![A-Za-z0-9])(?:[HMhm]\d{8}(?:\d{2})?|[A-Z]{3}\d{12}|[EGDSP][A-Z]?\d{7,8})(?![A-Za-z0-9])"
    r"|(?<!\d)\d{10}\([A-Z0-9]\)"
)
_LONG_DIGIT_RUN = re.compile(r"\d{6}")
_MOBILE_BODY = re.compile(r"1[3-9]\d[ -]?\d{4}[ -]?\d{4}$")


def mask_id(number: str) -> str:
    """First 6 and last 4 characters of a document number (110105********1234); short numbers: 2 and 2."""
    number = (number or "").strip()
    if len(number) >= 11:
        return number[:6] + STAR * (len(number) - 10) + number[-4:]
    if len(number) > 4:
        return number[:2] + STAR * (len(number) - 4) + number[-2:]
    # 4 characters or fewer: keeping 2 + 2 would show everything.
    return STAR * len(number)


def mask_phone(phone: str) -> str:
    """138****5678: from 8 characters on, keep the first 3 and the last 4; shorter, keep the last 2."""
    phone = (phone or "").strip()
    if len(phone) >= 8:
        return phone[:3] + STAR * (len(phone) - 7) + phone[-4:]
    if len(phone) > 2:
        return STAR * (len(phone) - 2) + phone[-2:]
    return STAR * len(phone)  # 1 or 2 characters: showing the last 2 would show everything


def _characters(text: str) -> list[str]:
    """Characters as a reader counts them: a combining mark or variation selector joins the one before."""
    characters: list[str] = []
    for char in text:
        if characters and unicodedata.category(char).startswith("M"):
            characters[-1] += char
        else:
            characters.append(char)
    return characters


def mask_name(name: str) -> str:
    """The first character, then one star per remaining character: 张三 → 张*, 阿卜杜·热合曼 → 阿******.

    The middle dot of minority and foreign names is starred too, so the length of each part is not shown.
    A one-character name is starred completely. A character with a variation selector (葛󠄀) counts as one.
    """
    characters = _characters((name or "").strip())
    if len(characters) <= 1:
        return STAR * len(characters)
    return characters[0] + STAR * (len(characters) - 1)


def _mask_mobile_digits(text: str) -> str:
    """Star the 4 digits after the first 3 of the mobile number at the end of text, keeping separators."""
    body = _MOBILE_BODY.search(text)
    if body is None:  # cannot happen: _MOBILE ends with this body
        return text
    digits_seen = 0
    masked = []
    for char in body.group():
        if char.isdigit():
            digits_seen += 1
            masked.append(STAR if 4 <= digits_seen <= 7 else char)
        else:
            masked.append(char)
    return text[: body.start()] + "".join(masked)


def _mask_match(match: re.Match[str]) -> str:
    if match.group("id"):
        return mask_id(match.group("id"))
    return _mask_mobile_digits(match.group("mobile"))


def mask_text(text: str) -> str:
    """Mask ID numbers, lettered document numbers and mobile numbers inside free text, e.g. a log message.

    It errs on the side of masking: any standalone run of 15 or 18 digits is treated as an ID number.
    """
    if not isinstance(text, str) or not text:
        return text
    text = _PERSONAL_NUMBER.sub(_mask_match, text)
    return _LETTERED_DOCUMENT.sub(lambda match: mask_id(match.group()), text)


def mask_url(url: str) -> str:
    """A request path and query as a log may keep it: numbers in the path masked, and each query value
    masked as free text, a value in Chinese (a name typed into a search) as a name."""
    if not isinstance(url, str) or not url:
        return url
    path, question, query = url.partition("?")
    if not question:
        return mask_text(unquote(path))
    return mask_text(unquote(path)) + "?" + "&".join(_mask_parameter(part) for part in query.split("&"))


def _mask_parameter(part: str) -> str:
    key, equals, value = part.partition("=")
    value = mask_text(unquote_plus(value))
    if not value.isascii():
        value = mask_name(value)
    elif _LONG_DIGIT_RUN.search(value):  # an 8-digit Taiwan permit, a case number: masked whole
        value = mask_id(value)
    return unquote_plus(key) + equals + value
