"""Identity documents: validation and normalisation of document numbers (RULES.md, "Identity documents").

Pure module: no database, no settings. Error messages are lazy translations, evaluated only when shown.
Every person must be able to register with the document they hold: never assume an 18-digit resident ID.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc


class DocType(enum.StrEnum):
    RESIDENT_ID = "resident_id"
    RESIDENT_ID_15 = "resident_id_15"
    HK_MACAU_RESIDENCE_PERMIT = "hk_macau_residence_permit"
    TAIWAN_RESIDENCE_PERMIT = "taiwan_residence_permit"
    HK_MACAU_TRAVEL_PERMIT = "hk_macau_travel_permit"
    TAIWAN_TRAVEL_PERMIT = "taiwan_travel_permit"
    FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence"
    PASSPORT = "passport"


DOC_TYPE_LABELS = {
    DocType.RESIDENT_ID: _("Resident ID card"),
    DocType.RESIDENT_ID_15: _("Resident ID card (old 15-digit number)"),
    DocType.HK_MACAU_RESIDENCE_PERMIT: _("Residence permit for Hong Kong and Macau residents"),
    DocType.TAIWAN_RESIDENCE_PERMIT: _("Residence permit for Taiwan residents"),
    DocType.HK_MACAU_TRAVEL_PERMIT: _("Mainland Travel Permit for Hong Kong and Macau residents"),
    DocType.TAIWAN_TRAVEL_PERMIT: _("Mainland Travel Permit for Taiwan residents"),
    DocType.FOREIGN_PERMANENT_RESIDENCE: _("Foreigner's permanent residence ID card"),
    DocType.PASSPORT: _("Passport"),
}

# One message per failure, so the person at the counter knows which part of the number to look at.
# The keys are stable codes (IdCheck.error_code), usable as ValidationError codes by forms and the API.
ERRORS = {
    "unknown_doc_type": _("Unknown document type."),
    "empty": _("Please enter the document number."),
    "length_18": _("The number must have 18 characters."),
    "length_15": _("The old resident ID number must have 15 digits."),
    "not_digits": _("Only digits are allowed, except for an X as the last character."),
    "not_digits_15": _("The old resident ID number may contain digits only."),
    "bad_check_char": _("The last character must be a digit or X."),
    "unknown_province": _("The first two digits are not a province code: please check them."),
    "taiwan_resident_id": _(
        "Numbers starting with 830000 are residence permits for Taiwan residents: "
        "please choose that document type."
    ),
    "hk_macau_resident_id": _(
        "A number starting with 81 or 82 is a Hong Kong or Macau residence permit, not a resident ID: "
        "please choose that type."
    ),
    "taiwan_province_code": _(
        "No resident ID starts with 71: Taiwan residents hold a residence permit (830000) or a Mainland "
        "Travel Permit: please choose that type."
    ),
    "bad_birth_date": _("The birth date in the number is not a real date: please check digits 7 to 14."),
    "future_birth_date": _("The birth date in the number is in the future: please check digits 7 to 14."),
    "too_old_birth_date": _("The birth date in the number is before 1890: please check digits 7 to 14."),
    "check_digit": _("The check digit is wrong: please check the last character."),
    "hk_macau_permit_region": _(
        "A residence permit for Hong Kong or Macau residents starts with 810000 or 820000."
    ),
    "taiwan_permit_region": _("A residence permit for Taiwan residents starts with 830000."),
    "hk_macau_travel_permit_format": _("The permit number is H or M followed by 8 or 10 digits."),
    "taiwan_travel_permit_format": _(
        "The permit number has 8 digits (older permits: 10 digits, maybe followed by a letter in brackets)."
    ),
    "foreign_pr_format": _(
        "The permanent residence ID number has 3 letters and 12 digits (old card) "
        "or 18 characters starting with 9."
    ),
    "passport_length": _("A passport number has 5 to 17 characters."),
    "passport_chars": _("A passport number may contain only letters and digits."),
    "uscc_length": _("The unified social credit code must have 18 characters."),
    "uscc_chars": _(
        "The code has a character that is not allowed: characters 3 to 8 are digits, "
        "and I, O, S, V and Z are never used."
    ),
    "uscc_check_char": _("The check character is wrong: please check the last character of the code."),
}

# The 31 mainland province codes of GB 11643-1999. 71 (Taiwan), 81 (Hong Kong) and 82 (Macau) are in GB/T 2260
# but on no resident ID: their residents hold residence permits (830000/810000/820000) or travel permits, and
# a number starting with them is refused with a message naming the right document type (RULES.md).
_PROVINCE_RANGES = ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65))
PROVINCE_CODES = frozenset(code for low, high in _PROVINCE_RANGES for code in range(low, high + 1))
# Codes that are not mainland provinces, and the error that points to the right document type.
_NOT_ON_RESIDENT_IDS = {
    71: "taiwan_province_code",
    81: "hk_macau_resident_id",
    82: "hk_macau_resident_id",
}
HK_MACAU_PERMIT_REGIONS = frozenset({"810000", "820000"})
TAIWAN_PERMIT_REGION = "830000"
EARLIEST_BIRTH_YEAR = 1890

_WHITESPACE = re.compile(r"\s+")
_HK_MACAU_TRAVEL_PERMIT = re.compile(r"[HM]\d{8}(?:\d{2})?")
# Taiwan travel permits (台胞证), from the 2008 announcement of the Exit-Entry Administration: since
# 2008-09-25 the number is the 8-digit lifelong number only. From 1992 it was the lifelong number + a 2-digit
# issue count + the issuing office's code (a letter or digit) in brackets, e.g. 1234567801(B); from June
# 2006 Fujian, Jiangsu and Shanghai dropped the bracketed code (10 digits). Old permits stay in use, and
# people type the brackets full-width or leave them out, so we accept "1234567801B" and store the printed
# form "1234567801(B)". We do not accept a bare 11th digit: without brackets it is ambiguous.
_TAIWAN_TRAVEL_PERMIT = re.compile(r"\d{8}(?:\d{2})?")
_TAIWAN_TRAVEL_PERMIT_OLD = re.compile(r"(\d{10})\(?([A-Z0-9])\)?")
_FOREIGN_PR_OLD = re.compile(r"[A-Z]{3}\d{12}")
_PASSPORT = re.compile(r"[A-Z0-9]+")
_USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")


@dataclass(frozen=True)
class IdCheck:
    valid: bool
    number: str  # normalised: whitespace removed, upper-case (so a final x becomes X)
    error: str | None  # lazy translated message, None when valid
    birth_date: date | None = None
    sex: str | None = None  # "M" / "F"
    region_code: str | None = None  # 6-digit address code
    error_code: str | None = None  # key of ERRORS, for forms and the API


def normalise(number: str) -> str:
    """Fold full-width characters (１２Ｘ（）) to ASCII, drop whitespace (also U+3000), upper-case."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", number or "")).upper()


def _fail(number: str, code: str) -> IdCheck:
    return IdCheck(valid=False, number=number, error=ERRORS[code], error_code=code)


def _ok(
    number: str, *, birth_date: date | None = None, sequence: str = "", region: str | None = None
) -> IdCheck:
    sex = ("M" if int(sequence) % 2 else "F") if sequence else None
    return IdCheck(valid=True, number=number, error=None, birth_date=birth_date, sex=sex, region_code=region)


def _date_error(yyyymmdd: str, today: date) -> str | None:
    """The error code for an impossible, future or implausibly old birth date, else None."""
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return "bad_birth_date"
    if born > today:
        return "future_birth_date"
    if born.year < EARLIEST_BIRTH_YEAR:
        return "too_old_birth_date"
    return None


def _shape_error_18(number: str) -> str | None:
    """Length and characters of the 18-character resident-ID layout (also permits and 2023 PR cards)."""
    if len(number) != 18:
        return "length_18"
    if not number[:17].isdigit() or not number[:17].isascii():
        return "not_digits"
    if number[17] not in "0123456789X":
        return "bad_check_char"
    return None


def _check_digit_ok(number: str) -> bool:
    # stdnum implements ISO 7064 MOD 11-2 (X = 10); it only reads the first 17 characters.
    return ric.calc_check_digit(number) == number[17]


def _validate_18(number: str, today: date, region_error: str | None) -> IdCheck:
    """Common checks of the 18-character layout; the caller decides region_error from the address code."""
    code = _shape_error_18(number) or region_error or _date_error(number[6:14], today)
    if code is None and not _check_digit_ok(number):
        code = "check_digit"
    if code:
        return _fail(number, code)
    birth = ric.get_birth_date(number)
    return _ok(number, birth_date=birth, sequence=number[14:17], region=number[:6])


def _province_error(number: str) -> str | None:
    # Only the province is checked: codes of abolished districts stay valid in old numbers.
    province = int(number[:2])
    if province in PROVINCE_CODES:
        return None
    return _NOT_ON_RESIDENT_IDS.get(province, "unknown_province")


def _resident_id_region_error(number: str) -> str | None:
    # 830000 is not a province but the Taiwan residence permit: say so rather than "unknown province".
    if number.startswith(TAIWAN_PERMIT_REGION):
        return "taiwan_resident_id"
    return _province_error(number)


def _validate_resident_id(number: str, today: date) -> IdCheck:
    return _validate_18(number, today, None if _shape_error_18(number) else _resident_id_region_error(number))


def _validate_hk_macau_residence_permit(number: str, today: date) -> IdCheck:
    wrong_region = number[:6] not in HK_MACAU_PERMIT_REGIONS
    return _validate_18(number, today, "hk_macau_permit_region" if wrong_region else None)


def _validate_taiwan_residence_permit(number: str, today: date) -> IdCheck:
    wrong_region = number[:6] != TAIWAN_PERMIT_REGION
    return _validate_18(number, today, "taiwan_permit_region" if wrong_region else None)


def _validate_resident_id_15(number: str, today: date) -> IdCheck:
    if len(number) != 15:
        return _fail(number, "length_15")
    if not (number.isdigit() and number.isascii()):
        return _fail(number, "not_digits_15")
    code = _province_error(number) or _date_error("19" + number[6:12], today)
    if code:
        return _fail(number, code)
    birth = date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    return _ok(number, birth_date=birth, sequence=number[12:15], region=number[:6])


def _validate_hk_macau_travel_permit(number: str, today: date) -> IdCheck:
    if not _HK_MACAU_TRAVEL_PERMIT.fullmatch(number) or not number.isascii():
        return _fail(number, "hk_macau_travel_permit_format")
    return _ok(number)


def _validate_taiwan_travel_permit(number: str, today: date) -> IdCheck:
    if number.isascii() and _TAIWAN_TRAVEL_PERMIT.fullmatch(number):
        return _ok(number)
    old = _TAIWAN_TRAVEL_PERMIT_OLD.fullmatch(number) if number.isascii() else None
    if old is None or ("(" in number) != (")" in number):
        return _fail(number, "taiwan_travel_permit_format")
    if old.group(2).isdigit() and "(" not in number:
        return _fail(number, "taiwan_travel_permit_format")  # 11 bare digits: ambiguous, see above
    return _ok(f"{old.group(1)}({old.group(2)})")


def _validate_foreign_permanent_residence(number: str, today: date) -> IdCheck:
    if number.isascii() and _FOREIGN_PR_OLD.fullmatch(number):
        # Old (2004/2017) card: nationality letters + 12 digits. We check the shape only: the layout of the
        # 12 digits is not public enough to extract a birth date from it safely.
        return _ok(number)
    if len(number) != 18 or not number.startswith("9"):
        return _fail(number, "foreign_pr_format")
    # 2023 card: "9" + issuing province (2) + nationality (3) + birth date YYYYMMDD + sequence (3) + MOD 11-2
    # check character, like the resident ID. We check: the 9, the shape, the birth date (at the same place as
    # in the resident ID) and the check character. Province, nationality and sex are not checked or derived.
    result = _validate_18(number, today, None)
    if not result.valid:
        return result
    return IdCheck(valid=True, number=number, error=None, birth_date=result.birth_date)


def _validate_passport(number: str, today: date) -> IdCheck:
    # Chinese passports are E/G/D/S/P + 8 characters; foreign ones vary, so only length and characters.
    if not (number.isascii() and _PASSPORT.fullmatch(number)):
        return _fail(number, "passport_chars")
    if not 5 <= len(number) <= 17:
        return _fail(number, "passport_length")
    return _ok(number)


_VALIDATORS: dict[str, Callable[[str, date], IdCheck]] = {
    DocType.RESIDENT_ID: _validate_resident_id,
    DocType.RESIDENT_ID_15: _validate_resident_id_15,
    DocType.HK_MACAU_RESIDENCE_PERMIT: _validate_hk_macau_residence_permit,
    DocType.TAIWAN_RESIDENCE_PERMIT: _validate_taiwan_residence_permit,
    DocType.HK_MACAU_TRAVEL_PERMIT: _validate_hk_macau_travel_permit,
    DocType.TAIWAN_TRAVEL_PERMIT: _validate_taiwan_travel_permit,
    DocType.FOREIGN_PERMANENT_RESIDENCE: _validate_foreign_permanent_residence,
    DocType.PASSPORT: _validate_passport,
}


def validate_id(doc_type: str, number: str, *, today: date | None = None) -> IdCheck:
    """Check a document number. Never raises for bad input: the result says what is wrong."""
    normalised = normalise(number) if isinstance(number, str) else ""
    validator = _VALIDATORS.get(doc_type) if isinstance(doc_type, str) else None
    if validator is None:
        return _fail(normalised, "unknown_doc_type")
    if not normalised:
        return _fail(normalised, "empty")
    return validator(normalised, today or date.today())


def convert_15_to_18(number: str) -> str:
    """The 18-character number of an old 15-digit resident ID: "19" before the year, then the check character.

    Raises ValueError if the number is not a valid 15-digit resident ID.
    """
    check = validate_id(DocType.RESIDENT_ID_15, number)
    if not check.valid:
        raise ValueError(f"not a valid 15-digit resident ID number: {check.error_code}")
    body = check.number[:6] + "19" + check.number[6:]
    return body + ric.calc_check_digit(body + "?")


def validate_uscc(code: str) -> tuple[bool, str | None]:
    """Check an employer's unified social credit code (GB 32100-2015); returns (valid, error message).

    stdnum.cn.uscc.validate() demands 8 leading digits, but the registration office code (1st character) may
    be a letter (N: agriculture, for village collective economic organisations; Y: other), so we check the
    characters ourselves and use stdnum only for the weighted MOD 31 check character.
    """
    code = normalise(code) if isinstance(code, str) else ""
    if not code:
        return False, ERRORS["empty"]
    if len(code) != 18:
        return False, ERRORS["uscc_length"]
    if not set(code) <= _USCC_ALPHABET or not code[2:8].isdigit():
        return False, ERRORS["uscc_chars"]
    if uscc.calc_check_digit(code) != code[17]:
        return False, ERRORS["uscc_check_char"]
    return True, None
