"""core.typography: lists, distances and staff-written reasons read naturally in each language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from shebao.core.typography import as_clause, format_distance, join_list

MATERIALS = ["身份证", "户口簿", "照片"]


@pytest.mark.parametrize(
    ("language", "joined"),
    [
        ("zh-hans", "身份证、户口簿、照片"),
        ("zh-hant", "身份证、户口簿、照片"),
        ("en", "身份证, 户口簿, 照片"),
    ],
)
def test_a_list_is_joined_with_the_enumeration_comma_in_chinese_and_a_comma_in_english(language, joined):
    with translation.override(language):
        assert join_list(MATERIALS) == joined


@pytest.mark.parametrize(
    ("metres", "chinese", "english"),
    [(0, "0米", "0 m"), (349.6, "350米", "350 m"), (999.6, "1.0公里", "1.0 km"), (2345, "2.3公里", "2.3 km")],
)
def test_distances_carry_the_units_of_the_language(metres, chinese, english):
    with translation.override("zh-hans"):
        assert format_distance(metres) == chinese
    with translation.override("en"):
        assert format_distance(metres) == english


@pytest.mark.parametrize(
    ("written", "clause"),
    [
        ("材料不全。", "材料不全"),
        ("日期不清！！ ", "日期不清"),
        ("Photo is blurred.", "Photo is blurred"),
        (
            "见《条例》第十四条（二）",
            "见《条例》第十四条（二）",
        ),  # a closing bracket closes something: it stays
        ("", ""),
    ],
)
def test_a_reason_loses_its_final_punctuation_to_sit_inside_a_sentence(written, clause):
    assert as_clause(written) == clause


def render(source: str, **context) -> str:
    return Template("{% load i18n typography %}" + source).render(Context(context))


def test_the_template_library_joins_escapes_and_captures_markup_for_a_translated_sentence():
    loop = "{% for n in names %}{{ n }}{% if not forloop.last %}{% list_separator %}{% endif %}{% endfor %}"
    with translation.override("zh-hans"):
        assert render("{{ names|join_list }}", names=["<b>甲</b>", "乙"]) == "&lt;b&gt;甲&lt;/b&gt;、乙"
        assert render(loop, names=["甲", "乙"]) == "甲、乙"
        assert render("{{ m|distance }}|{{ none|distance }}", m=1500, none=None) == "1.5公里|"
        page = render(
            "{% capture as example %}<b>{{ a }}</b>{% endcapture %}"
            "{% blocktranslate %}Example: {{ example }}{% endblocktranslate %}",
            a="<9>",
        )
        assert page == "示例：<b>&lt;9&gt;</b>"  # the markup once, the value escaped once
    with translation.override("en"):
        assert render("{{ r|as_clause }}", r="Blurred.") == "Blurred"
        assert render(loop, names=["a", "b"]) == "a, b"
