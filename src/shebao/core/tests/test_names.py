"""Person names: rare characters kept exactly, middle-dot look-alikes folded to U+00B7, clear refusals."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from shebao.core.masking import mask_name
from shebao.core.names import DOT_LOOKALIKES, MIDDLE_DOT, NAME_ERRORS, check_name, normalise_name

# One character from each block of CJK ideographs outside the Basic Multilingual Plane, and a
# compatibility ideograph (U+FA10) that Unicode normalisation would silently replace with U+585A.
RARE = {
    "Extension B": "王\U000201d4",  # 王𠇔
    "Extension C": "李\U0002a700",
    "Extension D": "张\U0002b740",
    "Extension E": "刘\U0002b820",
    "Extension F": "陈\U0002ceb0",
    "Extension G": "杨\U00030000",
    "compatibility ideograph": "\ufa10本",
    "variation selector": "葛\U000e0101明",
    "ideographic zero": "李〇",
}


@pytest.mark.parametrize("name", RARE.values(), ids=RARE.keys())
def test_a_rare_character_is_accepted_and_kept_exactly(name):
    check = check_name(name)
    assert check.valid and check.name == name
    assert check.name.encode("utf-8") == name.encode("utf-8")


@pytest.mark.parametrize("dot", [MIDDLE_DOT, *DOT_LOOKALIKES])
def test_every_look_alike_of_the_middle_dot_becomes_the_one_on_id_cards(dot):
    check = check_name(f"阿依古丽{dot}买买提")
    assert check.valid and check.name == "阿依古丽\u00b7买买提"


@pytest.mark.parametrize(
    "typed", ["阿依古丽.买买提", "阿依古丽．买买提", "阿依古丽。买买提", "阿依古丽 · 买买提"]
)
def test_a_full_stop_or_spaces_around_the_dot_between_chinese_characters_mean_the_dot(typed):
    assert check_name(typed).name == "阿依古丽·买买提"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  张 三 ", "张三"),
        ("MICHAEL   BROWN", "MICHAEL BROWN"),
        ("J. R. SMITH", "J. R. SMITH"),
        ("O'BRIEN-MURPHY", "O'BRIEN-MURPHY"),
        ("迈克尔·布朗", "迈克尔·布朗"),
    ],
)
def test_spaces_are_tidied_and_latin_names_keep_their_punctuation(typed, stored):
    check = check_name(typed)
    assert check.valid and check.name == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("张三3", "digits"),
        ("·买买提", "misplaced_dot"),
        ("阿依古丽·", "misplaced_dot"),
        ("阿依古丽··买买提", "misplaced_dot"),
        ("阿依古丽•·买买提", "misplaced_dot"),
        ("王\ue000", "private_use"),
        ("张三!", "bad_character"),
        ("张@三", "bad_character"),
        ("张\u200d三", "bad_character"),
        ("张" * 101, "too_long"),
    ],
)
def test_a_name_that_cannot_be_right_is_refused_with_its_own_message(typed, code):
    check = check_name(typed)
    assert not check.valid and check.error_code == code and check.error is NAME_ERRORS[code]


def test_a_name_of_100_characters_outside_the_bmp_is_accepted():
    assert check_name("\U000201d4" * 100).valid


def test_the_long_known_messages_are_shown_in_chinese():
    with translation.override("zh-hans"):
        assert str(NAME_ERRORS["digits"]) != "A name cannot contain digits."
        assert str(NAME_ERRORS["empty"]) != "Please enter the name as it is on the document."


@given(st.text(max_size=120))
def test_the_name_check_never_raises_and_a_valid_name_is_its_own_normal_form(text):
    check = check_name(text)
    assert check.valid == (check.error is None)
    if check.valid:
        assert normalise_name(check.name) == check.name and check_name(check.name).valid


def test_a_masked_name_counts_a_character_with_a_variation_selector_once():
    assert mask_name("葛\U000e0101明") == "葛\U000e0101*"
    assert mask_name("\U000201d4三") == "\U000201d4*"
