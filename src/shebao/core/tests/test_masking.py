"""Masking of ID numbers, phones and names (RULES.md, "Display"), also inside log lines."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shebao.core.masking import mask_id, mask_name, mask_phone, mask_text

# --- mask_id ------------------------------------------------------------------------------------------


def test_an_18_character_id_keeps_the_first_6_and_the_last_4():
    assert mask_id("110105199001011234") == "110105********1234"
    assert mask_id("11010519491231002X") == "110105********002X"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("110105491231002", "110105*****1002"),  # 15-digit resident ID
        ("USA110080010101", "USA110*****0101"),  # old permanent residence card
        ("H1234567801", "H12345*7801"),  # 11 characters: the shortest with 6 + 4 kept
        ("H12345678", "H1*****78"),  # shorter numbers keep 2 + 2
        ("12345678", "12****78"),
        ("12345", "12*45"),
    ],
)
def test_other_document_numbers_are_masked_by_their_length(number, masked):
    assert mask_id(number) == masked


@pytest.mark.parametrize(("number", "masked"), [("", ""), ("1234", "****"), ("12", "**"), ("1", "*")])
def test_very_short_numbers_are_starred_completely_and_empty_stays_empty(number, masked):
    assert mask_id(number) == masked


def test_mask_id_accepts_none_as_empty():
    assert mask_id(None) == ""


@given(st.text(alphabet="0123456789X", min_size=5, max_size=30))
def test_a_masked_id_keeps_its_length_and_hides_at_least_a_star(number):
    masked = mask_id(number)
    assert len(masked) == len(number)
    assert "*" in masked


# --- mask_phone ---------------------------------------------------------------------------------------


def test_a_mobile_number_keeps_the_first_3_and_the_last_4():
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("02312345678", "023****5678"),
        ("12345678", "123*5678"),
        ("+8613812345678", "+86*******5678"),
        ("1234567", "*****67"),
        ("123", "*23"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_other_phone_numbers_are_masked_by_their_length(phone, masked):
    assert mask_phone(phone) == masked


# --- mask_name ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("欧阳娜娜", "欧***"),
        ("阿卜杜·热合曼", "阿******"),
        ("John Smith", "J*********"),
        ("张", "*"),
        ("", ""),
        (" 李四 ", "李*"),
    ],
)
def test_a_name_keeps_only_its_first_character(name, masked):
    assert mask_name(name) == masked


# --- mask_text ----------------------------------------------------------------------------------------


def test_a_log_line_with_an_id_and_a_phone_is_masked():
    line = "case 2025-000123 accepted for 11010519491231002X, phone 13812345678, outlet 42"
    assert mask_text(line) == "case 2025-000123 accepted for 110105********002X, phone 138****5678, outlet 42"


def test_numbers_next_to_chinese_text_are_masked():
    line = "身份证号11010519491231002x，电话13812345678。"
    assert mask_text(line) == "身份证号110105********002x，电话138****5678。"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("old id 110105491231002 seen", "old id 110105*****1002 seen"),
        ("tel +86 13812345678", "tel +86 138****5678"),
        ("tel +8613812345678", "tel +86138****5678"),
        ("tel 138 1234 5678", "tel 138 **** 5678"),
        ("tel 138-1234-5678", "tel 138-****-5678"),
        ("ids 110105199001011234/110105199001015678", "ids 110105********1234/110105********5678"),
        ("id=110105199001011234&phone=15900001111", "id=110105********1234&phone=159****1111"),
    ],
)
def test_ids_and_mobiles_in_any_common_writing_are_masked(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "order 20250101123456789012 done",  # 20 digits: not an ID
        "request took 1735689600 ms",  # 10 digits
        "landline 12345678901234",  # 14 digits
        "number 12812345678",  # 11 digits but not a mobile prefix
        "case 2025-000123 at 10:30",
        "",
    ],
)
def test_other_numbers_are_left_alone(text):
    assert mask_text(text) == text


def test_text_that_is_not_a_string_is_returned_unchanged():
    assert mask_text(None) is None


_separators = st.text(alphabet=st.characters(exclude_categories=["Nd"]), max_size=20)
_ids = st.from_regex(r"\A[1-8][0-9]{16}[0-9X]\Z")
_mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z")


@given(_separators, st.one_of(_ids, _mobiles), _separators)
def test_an_id_or_mobile_never_survives_in_free_text(before, number, after):
    masked = mask_text(before + number + after)
    assert number not in masked
    assert masked.startswith(before)
    assert masked.endswith(after)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("permit H60218735 shown", "permit H6*****35 shown"),
        ("permit M1058324601.", "permit M10583*4601."),
        ("card USA500079061501 seen", "card USA500*****1501 seen"),
        ("passport E12345678", "passport E1*****78"),
        ("passport EA1234567", "passport EA*****67"),
        ("台胞证1234567801(B)", "台胞证123456***1(B)"),
    ],
)
def test_lettered_document_numbers_in_free_text_are_masked(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize("text", ["HOME12345678X", "case HALL-A001", "version E1.2.3", "MH370 landed"])
def test_words_that_only_resemble_documents_are_left_alone(text):
    assert mask_text(text) == text


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (
            "/ids/check/?doc_type=resident_id&number=11010519491231002X",
            "/ids/check/?doc_type=resident_id&number=110105********002X",
        ),
        (
            "/api/v1/ids/validate?doc_type=taiwan_travel_permit&number=08123456",
            "/api/v1/ids/validate?doc_type=taiwan_travel_permit&number=08****56",
        ),
        ("/staff/persons/?q=%E6%9D%8E%E7%A7%80%E8%8B%B1", "/staff/persons/?q=李**"),
        ("/staff/persons/?q=E12345678&page=2", "/staff/persons/?q=E1*****78&page=2"),
        ("/staff/persons/12/", "/staff/persons/12/"),
        ("/x/13812345678/", "/x/138****5678/"),
    ],
)
def test_a_logged_url_has_its_query_values_and_numbers_in_the_path_masked(url, masked):
    from shebao.core.masking import mask_url

    assert mask_url(url) == masked
