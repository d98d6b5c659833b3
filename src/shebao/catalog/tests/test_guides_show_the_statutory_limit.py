"""A guide whose regulation sets a time limit shows it beside the promised one (法定时限 / 承诺时限), in
the unit the law counts (work-injury recognition: 60 calendar days), with the provision; the API too."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_guide_page_shows_the_law_s_limit_in_its_own_unit(client, catalogue):
    with translation.override("zh-hans"):
        page = client.get(reverse("catalog:item", args=["WI001"]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = page.content.decode()
    assert 'data-testid="statutory-limit"' in body
    limit = body.split('data-testid="statutory-limit">')[1].split("</dd>")[0]
    assert "60" in limit and "工作日" not in limit and "工伤保险条例" in limit


def test_a_guide_without_a_statutory_limit_shows_none(client, catalogue):
    page = client.get(reverse("catalog:item", args=["CARD001"])).content.decode()
    assert 'data-testid="statutory-limit"' not in page


def test_the_api_gives_the_limit_and_its_basis(client, catalogue):
    transfer = client.get("/api/v1/catalog/items/TRA001").json()["statutory_limit"]
    assert transfer["days"] == 45 and transfer["unit"] == "working" and "66号" in transfer["basis"]
    assert client.get("/api/v1/catalog/items/CARD001").json()["statutory_limit"] is None
