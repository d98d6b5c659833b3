"""A guide is read in the reader's language, content included: the item's stored translation, and for
繁體中文 the conditions, steps and materials converted by OpenCC (they have no stored traditional form);
a guide of an item offered online leads to the online application."""

import pytest
from django.urls import reverse

from shebao.catalog.models import ServiceItem
from shebao.core.typography import traditional

pytestmark = pytest.mark.django_db


def _page(client, code: str, language: str) -> str:
    client.cookies["shebao_language"] = language
    response = client.get(reverse("catalog:item", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def test_traditional_chinese_readers_get_the_whole_guide_in_traditional_script(client, catalogue):
    item = ServiceItem.objects.get(code="REG006")
    conditions = item.versions.order_by("-number").first().conditions
    assert conditions and traditional(conditions) != conditions  # the text has characters to convert
    page = _page(client, "REG006", "zh-hant")
    assert item.name_zh_hant in page and item.name not in page
    assert traditional(conditions) in page and conditions not in page
    assert "身份證" in page and "身份证" not in page  # the materials too


def test_english_readers_get_the_item_s_english_name_and_simplified_readers_the_original(client, catalogue):
    item = ServiceItem.objects.get(code="REG006")
    assert item.name_en in _page(client, "REG006", "en")
    page = _page(client, "REG006", "zh-hans")
    assert item.name in page and item.name_zh_hant not in page


def test_a_guide_of_an_item_offered_online_leads_to_the_online_application(client, catalogue):
    online = _page(client, "REG006", "zh-hans")
    assert f'href="{reverse("cases:online_apply", args=["REG006"])}"' in online
    window_only = _page(client, "REG009", "zh-hans")
    assert 'data-testid="apply-online"' not in window_only
