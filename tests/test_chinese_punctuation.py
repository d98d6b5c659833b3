"""Chinese pages read naturally: no ASCII colon, bracket or comma glued to a translated word ("今天: 09:00",
"(指南版本 1)", "身份证, 户口本"), no "350 m". The punctuation belongs to the translation
("Today: {{ hours }}" → "今天：{{ hours }}"), lists are joined with core.typography's separator (、).

Two guards, so the mistake cannot come back: every template's source, read token by token the way Django
reads it; and every page an anonymous visitor reaches, rendered in zh-hans, with a small network and
catalogue behind it."""

import html
import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from shebao.network.tests.helpers import hours, make_items, small_network

SOURCE = Path(__file__).resolve().parent.parent / "src" / "shebao"
TEMPLATES = sorted(p for p in SOURCE.rglob("*.html") if "templates" in p.parts)

# Shown in every language, so a template's own text may not carry Chinese punctuation either.
FULL_WIDTH = re.compile(r"[、；（）：，。]")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S)


def _translated(token) -> bool:
    """A token that prints a translated string (not `{% translate "x" as name %}`, which prints nothing)."""
    if token.token_type == TokenType.BLOCK:
        bits = token.contents.split()
        if bits[0] in {"blocktranslate", "endblocktranslate"}:
            return "asvar" not in bits
        return bits[0] == "translate" and "as" not in bits[2:]
    return False


def _prints(token) -> bool:
    return _translated(token) or token.token_type == TokenType.VAR


def problems_in(source: str) -> list[str]:
    """Punctuation a template glues to translated words or printed values, as "line: what"."""
    tokens = Lexer(SCRIPT_OR_STYLE.sub("", source)).tokenize()
    found, in_msgid = [], False
    for i, token in enumerate(tokens):
        where = f"{token.lineno}: {token.contents[:60]!r}"
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in {"blocktranslate", "endblocktranslate"}:
                in_msgid = name == "blocktranslate"  # its text is the msgid: the translation owns it
            label = re.match(r'translate "(.*):"', token.contents)
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            glued = after is not None and not re.match(r"[ \t]*(</|\n)", after.contents)
            if label and glued and not (after.contents.strip() == "" and i + 2 >= len(tokens)):
                found.append(f"{where}: a label's colon is in the msgid but its value is glued on after it")
        if token.token_type == TokenType.VAR and re.search(r"\|join:", token.contents):
            found.append(f"{where}: |join with a literal separator (use |join_list)")
        if token.token_type != TokenType.TEXT or in_msgid:
            continue
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        text = token.contents
        if before is not None and _prints(before) and re.match(r"\s*[:(]", text):
            found.append(f"{where}: ASCII colon or bracket glued after a translated word or value")
        if after is not None and _prints(after) and re.search(r"\(\s*$", text):
            found.append(f"{where}: ASCII bracket glued before a translated word or value")
        if (
            before is not None
            and before.contents.strip() == "if not forloop.last"
            and re.search(r"[,;、；]", text)
        ):
            found.append(f"{where}: a list joined with a literal separator (use {{% list_separator %}})")
        if FULL_WIDTH.search(re.sub(r"<[^>]*>", "", text)):
            found.append(f"{where}: Chinese punctuation outside a translation shows in every language")
    return found


def test_the_scanner_finds_each_kind_of_glued_punctuation():
    assert problems_in('{% load i18n %}<p>{% translate "Today" %}: {{ hours }}</p>')
    assert problems_in('<dd>{{ name }} ({% translate "due" %} {{ day }})</dd>')
    assert problems_in("{% for c in cases %}{{ c }}{% if not forloop.last %}, {% endif %}{% endfor %}")
    assert problems_in('<dd>{{ reasons|join:", " }}</dd>')
    assert problems_in("<p>{{ share }} ({% blocktranslate %}{{ n }} people{% endblocktranslate %})</p>")
    assert problems_in('<p>{% translate "Your roles:" %} {{ roles }}</p>')
    assert problems_in('<h1>{% translate "Notice" %}（一次性告知书）</h1>')
    # The right way reads the same in the source, and the scanner leaves it alone.
    assert not problems_in("<p>{% blocktranslate %}Today: {{ hours }}{% endblocktranslate %}</p>")
    assert not problems_in(
        "{% blocktranslate count n=d %}{{ n }} day (a){% plural %}{{ n }} days (a){% endblocktranslate %}"
    )
    assert not problems_in('<p>{% translate "Please correct these rows:" %}</p><ul>')
    assert not problems_in('<a href="tel:{{ phone }}">{{ phone }}</a>')


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_no_template_glues_punctuation_to_a_translated_word(path):
    assert problems_in(path.read_text(encoding="utf-8")) == []


# In the rendered zh-hans text: a Chinese character (or full-width sign) against ASCII : ( ) , ;
CJK = r"[\u3000-\u303f\u3400-\u9fff\uff01-\uff60]"
GLUED = re.compile(rf"{CJK} ?[:(),;]|[(] ?{CJK}|\d ?k?m\b")


def visible_text(page: str) -> str:
    page = SCRIPT_OR_STYLE.sub(" ", page)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _pages_without_arguments(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace not in {"admin"}:
            yield from _pages_without_arguments(
                entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            )
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            yield prefix + entry.name


@pytest.fixture
def network(cast):
    make_items()
    small_network(cast)
    hours(
        cast.bank_point, [(d, "09:00", "12:00") for d in range(8)] + [(d, "14:00", "17:00") for d in range(8)]
    )
    return cast


@pytest.mark.django_db
def test_every_page_a_visitor_reaches_reads_as_chinese_in_zh_hans(client, network):
    urls = []
    for name in _pages_without_arguments():
        try:
            urls.append(reverse(name))
        except Exception:  # a pattern that needs keyword arguments after all
            continue
    code = network.bank_point.code
    urls += [
        reverse("catalog:item", args=["PEN-CERT"]),
        reverse("network:outlet", args=[code]),
        reverse("network:map") + "?lat=29.5754&lng=106.5322",
        reverse("network:map") + "?lat=29.70&lng=106.70",  # kilometres away
    ]
    checked, problems = 0, []
    for url in sorted(set(urls)):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        text = visible_text(response.content.decode())
        problems += [
            f"{url}: …{text[max(0, m.start() - 20) : m.end() + 20]!r}…" for m in GLUED.finditer(text)
        ]
    assert checked >= 10  # the public pages are there to be read
    assert problems == []
