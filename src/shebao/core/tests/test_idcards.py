"""Identity document numbers (RULES.md, "Identity documents").

Error messages are lazy translations; these tests never render them (that would need Django settings): they
compare the stable error_code and check that the message is the one registered for that code.
"""

import ast
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from shebao.core import idcards
from shebao.core.idcards import (
    DOC_TYPE_LABELS,
    ERRORS,
    PROVINCE_CODES,
    DocType,
    convert_15_to_18,
    validate_id,
    validate_uscc,
)

TODAY = date(2025, 6, 30)
PROVINCES = sorted(PROVINCE_CODES)
CHECK_CHARS = "0123456789X"


def check_char(body17: str) -> str:
    """GB 11643 check character, written out independently of stdnum so each cross-checks the other."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    total = sum(int(digit) * weight for digit, weight in zip(body17, weights, strict=True))
    return "10X98765432"[total % 11]


def make_id(body17: str) -> str:
    return body17 + check_char(body17)


def with_wrong_check(number: str) -> str:
    return number[:17] + next(c for c in CHECK_CHARS if c != number[17])


def check(doc_type: str, number: str) -> idcards.IdCheck:
    return validate_id(doc_type, number, today=TODAY)


def assert_refused(result: idcards.IdCheck, code: str) -> None:
    assert not result.valid
    assert result.error_code == code
    assert result.error is ERRORS[code]


# --- generators ---------------------------------------------------------------------------------------

birth_dates = st.dates(min_value=date(1890, 1, 1), max_value=TODAY)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    """Valid by our rules: a listed province, any district digits, a real past birth date, any sequence."""
    province = draw(st.sampled_from(PROVINCES))
    district = draw(st.from_regex(r"\A[0-9]{4}\Z"))
    born = draw(birth_dates)
    sequence = draw(st.integers(0, 999))
    return make_id(f"{province:02d}{district}{born:%Y%m%d}{sequence:03d}")


def _stdnum_address_years() -> dict[str, list[tuple[int, int]]]:
    """Address codes in stdnum's own table (cn/loc.dat) with the years each was in use.

    stdnum checks the district against that table and the birth year, which we deliberately do not do
    (abolished districts stay valid; new ones appear before libraries update). To compare like with like,
    the stdnum property below only generates districts stdnum knows, born in a year it accepts.
    """
    codes: dict[str, list[tuple[int, int]]] = {}
    province = ""
    for line in Path(ric.__file__).with_name("loc.dat").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, rest = line.strip().partition(" ")
        if not line.startswith(" "):
            province = key
            continue
        if int(province) not in PROVINCE_CODES:
            continue
        spans = []
        for county in rest.split('"')[1].split(","):
            start, end = county[1:].split("]")[0].split("-") if county.startswith("[") else ("", "")
            spans.append((max(int(start or 1890), 1890), min(int(end or TODAY.year), TODAY.year)))
        codes[province + key] = [(low, high) for low, high in spans if low <= high]
    return {code: spans for code, spans in codes.items() if spans}


STDNUM_ADDRESSES = _stdnum_address_years()


@st.composite
def resident_ids_stdnum_knows(draw: st.DrawFn) -> str:
    address = draw(st.sampled_from(sorted(STDNUM_ADDRESSES)))
    low, high = draw(st.sampled_from(STDNUM_ADDRESSES[address]))
    born = draw(st.dates(min_value=date(low, 1, 1), max_value=min(date(high, 12, 31), TODAY)))
    sequence = draw(st.integers(0, 999))
    return make_id(f"{address}{born:%Y%m%d}{sequence:03d}")


# --- properties against stdnum ------------------------------------------------------------------------


@given(resident_ids_stdnum_knows())
def test_a_generated_resident_id_is_valid_for_us_and_for_stdnum(number):
    assert check(DocType.RESIDENT_ID, number).valid
    assert ric.is_valid(number)


@given(resident_ids_stdnum_knows())
def test_every_single_character_change_of_a_valid_number_is_refused_by_us_and_by_stdnum(number):
    # MOD 11-2 catches every single substitution, so both must refuse every change.
    for position in range(18):
        for char in CHECK_CHARS:
            if char == number[position]:
                continue
            changed = number[:position] + char + number[position + 1 :]
            ours = check(DocType.RESIDENT_ID, changed)
            assert not ric.is_valid(changed)
            assert not ours.valid, changed


@given(resident_ids())
def test_any_district_code_is_accepted_when_the_province_is_known(number):
    result = check(DocType.RESIDENT_ID, number)
    assert result.valid
    assert result.number == number
    assert result.region_code == number[:6]
    assert result.birth_date == date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert result.sex == ("M" if int(number[16]) % 2 else "F")
    assert ric.calc_check_digit(number) == number[17]  # stdnum agrees on the check character


@given(resident_ids(), st.integers(0, 17), st.sampled_from(CHECK_CHARS))
def test_a_single_character_change_of_any_valid_number_is_refused(number, position, char):
    changed = number[:position] + char + number[position + 1 :]
    assert check(DocType.RESIDENT_ID, changed).valid == (changed == number)


@given(st.one_of(st.sampled_from(list(DocType)), st.text(max_size=30)), st.text(max_size=40))
def test_the_validator_never_raises_whatever_it_is_given(doc_type, number):
    result = check(doc_type, number)
    assert result.valid == (result.error is None)
    assert result.valid or result.error_code in ERRORS


# --- resident ID, 18 characters -----------------------------------------------------------------------


def test_the_standard_example_number_is_valid_with_its_birth_date_sex_and_region():
    result = check(DocType.RESIDENT_ID, "11010519491231002X")
    assert result == idcards.IdCheck(
        valid=True,
        number="11010519491231002X",
        error=None,
        birth_date=date(1949, 12, 31),
        sex="F",
        region_code="110105",
    )


def test_an_odd_sequence_number_is_a_man_and_an_even_one_a_woman():
    assert check(DocType.RESIDENT_ID, make_id("11010519900101123")).sex == "M"
    assert check(DocType.RESIDENT_ID, make_id("11010519900101124")).sex == "F"


def test_a_lower_case_x_is_accepted_and_normalised_to_upper_case():
    result = check(DocType.RESIDENT_ID, "11010519491231002x")
    assert result.valid
    assert result.number == "11010519491231002X"


def test_spaces_and_full_width_characters_from_chinese_input_are_normalised():
    result = check(DocType.RESIDENT_ID, " 110105 19491231 002ｘ\u3000")
    assert result.valid
    assert result.number == "11010519491231002X"
    assert check(DocType.RESIDENT_ID, "１１０１０５１９４９１２３１００２Ｘ").number == "11010519491231002X"


def test_a_wrong_check_digit_is_refused_with_its_own_message():
    assert_refused(check(DocType.RESIDENT_ID, "110105194912310021"), "check_digit")


@pytest.mark.parametrize("number", ["11010519491231002", "11010519491231002X1", "1101051949123100"])
def test_a_number_of_the_wrong_length_is_refused_with_its_own_message(number):
    assert_refused(check(DocType.RESIDENT_ID, number), "length_18")


@pytest.mark.parametrize("number", ["1101051949123100X2", "11O10519491231002X", "110105-1949123100X"])
def test_a_non_digit_before_the_last_character_is_refused_with_its_own_message(number):
    assert_refused(check(DocType.RESIDENT_ID, number), "not_digits")


def test_a_last_character_other_than_a_digit_or_x_is_refused_with_its_own_message():
    assert_refused(check(DocType.RESIDENT_ID, "11010519491231002Y"), "bad_check_char")


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490001", "19490100", "20230229"])
def test_an_impossible_birth_date_is_refused_with_its_own_message(birth):
    assert_refused(check(DocType.RESIDENT_ID, make_id(f"110105{birth}002")), "bad_birth_date")


def test_a_birth_date_in_the_future_is_refused_with_its_own_message():
    assert_refused(check(DocType.RESIDENT_ID, make_id("11010520250701002")), "future_birth_date")
    assert check(DocType.RESIDENT_ID, make_id("11010520250630002")).valid  # born today is fine


def test_a_birth_date_before_1890_is_refused_with_its_own_message():
    number = make_id("11000018891231001")
    assert ric.is_valid(number)  # stdnum has no lower bound: we are stricter here
    assert_refused(check(DocType.RESIDENT_ID, number), "too_old_birth_date")
    assert check(DocType.RESIDENT_ID, make_id("11000018900101001")).valid


@pytest.mark.parametrize(
    "province", ["00", "10", "16", "20", "24", "38", "47", "49", "55", "60", "66", "72", "83", "99"]
)
def test_an_unknown_province_is_refused_with_its_own_message(province):
    assert_refused(check(DocType.RESIDENT_ID, make_id(f"{province}010519900101002")), "unknown_province")


def test_every_listed_province_is_accepted():
    for province in PROVINCES:
        assert check(DocType.RESIDENT_ID, make_id(f"{province:02d}010519900101002")).valid, province
    assert {11, 15, 21, 23, 31, 37, 41, 46, 50, 54, 61, 65} <= PROVINCE_CODES
    assert len(PROVINCE_CODES) == 31 and not {71, 81, 82} & PROVINCE_CODES  # the mainland's only


def test_an_abolished_or_unknown_district_code_is_still_accepted():
    chongwen = make_id("11010319800101002")  # Beijing Chongwen district, merged into Dongcheng in 2010
    assert check(DocType.RESIDENT_ID, chongwen).valid
    assert check(DocType.RESIDENT_ID, make_id("11999919800101002")).valid


@pytest.mark.parametrize(
    ("province", "code", "right_type"),
    [
        ("81", "hk_macau_resident_id", DocType.HK_MACAU_RESIDENCE_PERMIT),
        ("82", "hk_macau_resident_id", DocType.HK_MACAU_RESIDENCE_PERMIT),
        ("71", "taiwan_province_code", DocType.TAIWAN_RESIDENCE_PERMIT),
    ],
)
def test_taiwan_hong_kong_and_macau_codes_are_refused_as_resident_ids_naming_the_right_type(
    province, code, right_type
):
    # RULES.md: 71/81/82 appear on no resident ID; the people hold residence permits (810000/820000/830000).
    number = make_id(f"{province}000019900101002")
    assert_refused(check(DocType.RESIDENT_ID, number), code)
    assert_refused(check(DocType.RESIDENT_ID_15, f"{province}0000900101002"), code)
    permit = make_id(f"{'830000' if province == '71' else province + '0000'}19900101002")
    assert check(right_type, permit).valid


def test_a_taiwan_residence_permit_entered_as_a_resident_id_points_to_the_right_type():
    number = make_id("83000019900101002")
    assert_refused(check(DocType.RESIDENT_ID, number), "taiwan_resident_id")
    assert check(DocType.TAIWAN_RESIDENCE_PERMIT, number).valid


def test_the_shape_is_checked_before_the_province_and_the_province_before_the_date():
    assert_refused(check(DocType.RESIDENT_ID, "99010519490231"), "length_18")
    assert_refused(check(DocType.RESIDENT_ID, make_id("99010519490231002")), "unknown_province")
    assert_refused(
        check(DocType.RESIDENT_ID, with_wrong_check(make_id("11010519490231002"))), "bad_birth_date"
    )


# --- resident ID, 15 digits ---------------------------------------------------------------------------


def test_an_old_15_digit_number_is_valid_with_its_birth_date_in_the_1900s():
    result = check(DocType.RESIDENT_ID_15, "110105491231002")
    assert result.valid
    assert (result.birth_date, result.sex, result.region_code) == (date(1949, 12, 31), "F", "110105")
    assert check(DocType.RESIDENT_ID_15, "110105001231003").birth_date == date(1900, 12, 31)
    assert check(DocType.RESIDENT_ID_15, "110105001231003").sex == "M"


def test_a_15_digit_number_converts_to_the_standard_18_character_number():
    assert convert_15_to_18("110105491231002") == "11010519491231002X"
    assert convert_15_to_18(" 110105491231002 ") == "11010519491231002X"


@given(
    st.sampled_from(PROVINCES),
    st.from_regex(r"\A[0-9]{4}\Z"),
    st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)),
    st.integers(0, 999),
)
def test_a_converted_number_is_valid_and_keeps_birth_date_sex_and_region(province, district, born, seq):
    old = f"{province:02d}{district}{born:%y%m%d}{seq:03d}"
    old_check = check(DocType.RESIDENT_ID_15, old)
    new = convert_15_to_18(old)
    new_check = check(DocType.RESIDENT_ID, new)
    assert old_check.valid and new_check.valid
    assert new[:6] + new[8:17] == old  # round trip: dropping "19" and the check char gives the old number
    assert (new_check.birth_date, new_check.sex, new_check.region_code) == (
        old_check.birth_date,
        old_check.sex,
        old_check.region_code,
    )


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("11010549123100", "length_15"),
        ("11010519491231002X", "length_15"),
        ("11010549123100X", "not_digits_15"),
        ("990105491231002", "unknown_province"),
        ("110105490231002", "bad_birth_date"),
    ],
)
def test_each_fault_of_a_15_digit_number_has_its_own_message(number, code):
    assert_refused(check(DocType.RESIDENT_ID_15, number), code)


def test_converting_an_invalid_15_digit_number_raises_value_error():
    with pytest.raises(ValueError, match="bad_birth_date"):
        convert_15_to_18("110105490231002")


# --- residence permits --------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["810000", "820000"])
def test_a_hong_kong_or_macau_residence_permit_is_valid(region):
    result = check(DocType.HK_MACAU_RESIDENCE_PERMIT, make_id(f"{region}19850315003"))
    assert result.valid
    assert (result.birth_date, result.sex, result.region_code) == (date(1985, 3, 15), "M", region)


@pytest.mark.parametrize("region", ["110105", "830000", "810100", "820001"])
def test_a_hong_kong_or_macau_residence_permit_needs_810000_or_820000(region):
    result = check(DocType.HK_MACAU_RESIDENCE_PERMIT, make_id(f"{region}19850315003"))
    assert_refused(result, "hk_macau_permit_region")


def test_a_taiwan_residence_permit_is_valid_with_830000():
    result = check(DocType.TAIWAN_RESIDENCE_PERMIT, make_id("83000019850315004"))
    assert result.valid
    assert (result.birth_date, result.sex, result.region_code) == (date(1985, 3, 15), "F", "830000")


@pytest.mark.parametrize("region", ["810000", "710000", "110105"])
def test_a_taiwan_residence_permit_needs_830000(region):
    assert_refused(
        check(DocType.TAIWAN_RESIDENCE_PERMIT, make_id(f"{region}19850315004")), "taiwan_permit_region"
    )


@pytest.mark.parametrize(
    ("doc_type", "region"),
    [(DocType.HK_MACAU_RESIDENCE_PERMIT, "810000"), (DocType.TAIWAN_RESIDENCE_PERMIT, "830000")],
)
def test_a_residence_permit_has_the_same_check_digit_and_date_rules(doc_type, region):
    assert_refused(check(doc_type, with_wrong_check(make_id(f"{region}19850315004"))), "check_digit")
    assert_refused(check(doc_type, make_id(f"{region}19850230004")), "bad_birth_date")
    assert_refused(check(doc_type, make_id(f"{region}20300101004")), "future_birth_date")
    assert_refused(check(doc_type, f"{region}1985031500"), "length_18")
    assert check(doc_type, make_id(f"{region}19850315004").lower()).valid


# --- travel permits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "normalised"),
    [
        ("H12345678", "H12345678"),
        ("M12345678", "M12345678"),
        ("h1234567801", "H1234567801"),
        (" M 1234 5678 ", "M12345678"),
    ],
)
def test_a_hong_kong_or_macau_travel_permit_is_h_or_m_and_8_or_10_digits(number, normalised):
    result = check(DocType.HK_MACAU_TRAVEL_PERMIT, number)
    assert result.valid
    assert result.number == normalised
    assert (result.birth_date, result.sex, result.region_code) == (None, None, None)


@pytest.mark.parametrize(
    "number", ["H1234567", "H123456789", "H12345678901", "A12345678", "12345678", "HM2345678"]
)
def test_other_hong_kong_or_macau_travel_permit_numbers_are_refused(number):
    assert_refused(check(DocType.HK_MACAU_TRAVEL_PERMIT, number), "hk_macau_travel_permit_format")


def test_the_8_digit_taiwan_travel_permit_is_accepted():
    result = check(DocType.TAIWAN_TRAVEL_PERMIT, "12345678")
    assert result.valid
    assert result.number == "12345678"


@pytest.mark.parametrize(
    ("number", "normalised"),
    [
        ("1234567801", "1234567801"),
        ("1234567801(B)", "1234567801(B)"),
        ("1234567801(b)", "1234567801(B)"),
        ("1234567801（B）", "1234567801(B)"),
        ("1234567801B", "1234567801(B)"),
        ("1234567801(1)", "1234567801(1)"),
        ("12345678 01 (B)", "1234567801(B)"),
    ],
)
def test_older_taiwan_travel_permit_forms_are_accepted_and_written_as_printed(number, normalised):
    result = check(DocType.TAIWAN_TRAVEL_PERMIT, number)
    assert result.valid
    assert result.number == normalised


@pytest.mark.parametrize(
    "number",
    [
        "1234567",
        "123456789",
        "12345678901",
        "1234567801(B",
        "1234567801B)",
        "12345678(B)",
        "ABCDEFGH",
        "T12345678",
    ],
)
def test_other_taiwan_travel_permit_numbers_are_refused(number):
    assert_refused(check(DocType.TAIWAN_TRAVEL_PERMIT, number), "taiwan_travel_permit_format")


# --- foreigner's permanent residence ID ---------------------------------------------------------------


def test_the_old_15_character_permanent_residence_card_is_accepted():
    result = check(DocType.FOREIGN_PERMANENT_RESIDENCE, "usa110080010101")
    assert result.valid
    assert result.number == "USA110080010101"
    assert result.birth_date is None  # the layout of the 12 digits is not relied on


def test_the_2023_permanent_residence_card_is_accepted_with_its_birth_date():
    result = check(DocType.FOREIGN_PERMANENT_RESIDENCE, make_id("91184019800101123"))
    assert result.valid
    assert result.birth_date == date(1980, 1, 1)
    assert (result.sex, result.region_code) == (None, None)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("US1234567890123", "foreign_pr_format"),
        ("USA12345678901", "foreign_pr_format"),
        ("USA1234567890123", "foreign_pr_format"),
        (make_id("11184019800101123"), "foreign_pr_format"),  # a resident ID is not a PR card
        (with_wrong_check(make_id("91184019800101123")), "check_digit"),
        (make_id("91184019800230123"), "bad_birth_date"),
        (make_id("91184020300101123"), "future_birth_date"),
        ("91184019800101A23X", "not_digits"),
    ],
)
def test_each_fault_of_a_permanent_residence_number_has_its_own_message(number, code):
    assert_refused(check(DocType.FOREIGN_PERMANENT_RESIDENCE, number), code)


# --- passports ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "normalised"),
    [
        ("E12345678", "E12345678"),
        ("g1234567 8", "G12345678"),
        ("12345", "12345"),
        ("AB1234567890CDEFG", "AB1234567890CDEFG"),
    ],
)
def test_a_passport_number_of_5_to_17_letters_and_digits_is_accepted(number, normalised):
    result = check(DocType.PASSPORT, number)
    assert result.valid
    assert result.number == normalised


@pytest.mark.parametrize(("number", "code"), [("E123", "passport_length"), ("E" * 18, "passport_length")])
def test_a_passport_number_of_the_wrong_length_is_refused(number, code):
    assert_refused(check(DocType.PASSPORT, number), code)


@pytest.mark.parametrize("number", ["E1234-5678", "E1234/5678", "护照12345678", "É12345678"])
def test_a_passport_number_with_other_characters_is_refused(number):
    assert_refused(check(DocType.PASSPORT, number), "passport_chars")


# --- any document -------------------------------------------------------------------------------------


def test_the_document_types_are_exactly_these():
    assert [t.value for t in DocType] == [
        "resident_id",
        "resident_id_15",
        "hk_macau_residence_permit",
        "taiwan_residence_permit",
        "hk_macau_travel_permit",
        "taiwan_travel_permit",
        "foreign_permanent_residence",
        "passport",
    ]
    assert set(DOC_TYPE_LABELS) == set(DocType)


def test_a_plain_string_works_as_the_document_type():
    assert validate_id("resident_id", "11010519491231002X").valid


def test_an_unknown_document_type_is_refused_with_its_own_message():
    assert_refused(check("driving_licence", "11010519491231002X"), "unknown_doc_type")
    assert_refused(check("", "11010519491231002X"), "unknown_doc_type")


@pytest.mark.parametrize("doc_type", list(DocType))
@pytest.mark.parametrize("number", ["", "   ", "\u3000"])
def test_an_empty_number_is_refused_for_every_document_type(doc_type, number):
    assert_refused(check(doc_type, number), "empty")


def _error_msgids() -> dict[str, str]:
    """The English msgids of ERRORS, read from the source as makemessages will (without Django settings)."""
    tree = ast.parse(Path(idcards.__file__).read_text(encoding="utf-8"))
    errors = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "ERRORS" for t in node.targets)
    )
    assert isinstance(errors, ast.Dict)
    msgids = {}
    for key, value in zip(errors.keys, errors.values, strict=True):
        assert (
            isinstance(value, ast.Call) and value.func.id == "_"
        )  # a literal msgid, so it can be translated
        msgids[key.value] = value.args[0].value
    return msgids


def test_every_error_has_its_own_short_english_message():
    msgids = _error_msgids()
    assert set(msgids) == set(ERRORS)
    assert len(set(msgids.values())) == len(msgids)
    for msgid in msgids.values():
        assert msgid.endswith(".") and msgid[0].isupper() and len(msgid) <= 140, msgid


# --- unified social credit code -----------------------------------------------------------------------


def uscc_code(body17: str) -> str:
    return body17 + uscc.calc_check_digit(body17)


def test_a_valid_unified_social_credit_code_is_accepted():
    assert validate_uscc("91110000600037341L") == (True, None)
    assert validate_uscc(" 91110000600037341l ") == (True, None)


def test_a_village_collective_code_starting_with_a_letter_is_accepted():
    # Registration office N (agriculture) issues codes to village collective economic organisations;
    # stdnum.cn.uscc.validate wants 8 leading digits and would lock these employers out.
    code = uscc_code("N2110105MA0000001")
    assert not uscc.is_valid(code)
    assert validate_uscc(code) == (True, None)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("", "empty"),
        ("91110000600037341", "uscc_length"),
        ("91110000600037341LL", "uscc_length"),
        ("91110000600O37341L", "uscc_chars"),
        ("9111000060003734IL", "uscc_chars"),
        ("911100S0600037341L", "uscc_chars"),
        ("91110000600037341-", "uscc_chars"),
        ("91110000600037341M", "uscc_check_char"),
    ],
)
def test_each_fault_of_a_unified_social_credit_code_has_its_own_message(code, error):
    assert validate_uscc(code) == (False, ERRORS[error])
    assert validate_uscc(code)[1] is ERRORS[error]


@given(
    st.from_regex(r"\A[0-9]{8}[0-9A-HJ-NPQRTUWXY]{9}\Z"), st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUWXY")
)
def test_we_agree_with_stdnum_on_codes_with_8_leading_digits(body, last):
    assert validate_uscc(body + last)[0] == uscc.is_valid(body + last)


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_every_document_error_and_type_reads_in_chinese(language):
    from django.utils import translation

    def chinese(text: str) -> bool:
        return any("\u4e00" <= char <= "\u9fff" for char in text)

    with translation.override(language):
        untranslated = [code for code, message in ERRORS.items() if not chinese(str(message))]
        untranslated += [str(t) for t, label in DOC_TYPE_LABELS.items() if not chinese(str(label))]
    assert untranslated == []


@pytest.mark.parametrize(
    ("doc_type", "number"),
    [
        (DocType.RESIDENT_ID, "110105194912310021"),
        (DocType.RESIDENT_ID_15, "11010549123100"),
        (DocType.HK_MACAU_RESIDENCE_PERMIT, "110105194912310021"),
        (DocType.TAIWAN_RESIDENCE_PERMIT, "810000199008081012"),
        (DocType.HK_MACAU_TRAVEL_PERMIT, "C12345678"),
        (DocType.TAIWAN_TRAVEL_PERMIT, "1234567"),
        (DocType.FOREIGN_PERMANENT_RESIDENCE, "AB1234567890123"),
        (DocType.PASSPORT, "E1234-5678"),
    ],
)
def test_a_wrong_number_of_each_type_is_explained_in_simplified_chinese(doc_type, number):
    from django.utils import translation

    result = check(doc_type, number)
    assert not result.valid
    with translation.override("zh-hans"):
        message = str(result.error)
    assert message != _error_msgids()[result.error_code]  # translated, not the English msgid
    assert message.endswith("。") and any("\u4e00" <= char <= "\u9fff" for char in message)
