"""The finder page starts from a typed district or settlement name, falls back to a fuzzy search of
names and addresses when the text is no place, and says clearly when nothing matches."""

import pytest

from shebao.network.models import Settlement

from .helpers import small_network

pytestmark = pytest.mark.django_db


def codes(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('data-code="')[1:]]


@pytest.fixture
def network(cast, catalogue):
    small_network(cast)
    cast.jiangbei.latitude, cast.jiangbei.longitude = 29.5754, 106.5322  # its seat, at Guanyinqiao
    cast.jiangbei.save()
    Settlement.objects.create(
        code="S-JFB",
        name="解放碑社区",
        agency=cast.yuzhong,
        population=9000,
        urban=True,
        latitude=29.5581,
        longitude=106.5771,
    )
    return cast


def test_a_typed_district_is_searched_from_its_seat(client, network):
    html = client.get("/outlets/", {"place": "江北"}).content.decode()
    assert 'data-testid="origin"' in html and "江北区社保中心" in html
    assert codes(html) == ["CQ-JB-B001", "CQ-YZ-H001", "T-VILLAGE"]


def test_a_typed_address_naming_a_district_is_searched_from_that_district(client, network):
    html = client.get("/outlets/", {"place": "重庆市江北区建新北路"}).content.decode()
    assert codes(html)[0] == "CQ-JB-B001"


def test_a_typed_settlement_is_searched_from_the_settlement(client, network):
    html = client.get("/outlets/", {"place": "解放碑社区"}).content.decode()
    assert codes(html) == ["T-VILLAGE", "CQ-YZ-H001", "CQ-JB-B001"]


def test_text_that_is_no_place_searches_names_and_addresses_with_pinyin(client, network):
    html = client.get("/outlets/", {"place": "guanyinqiao"}).content.decode()
    assert codes(html) == ["CQ-JB-B001"] and 'data-testid="listing"' in html


def test_nothing_found_says_so_and_keeps_the_form_open(client, network):
    html = client.get("/outlets/", {"place": "火星基地"}).content.decode()
    assert 'data-testid="no-results"' in html and codes(html) == []
    assert '<details class="finder" open' in html


def test_a_district_typed_in_pinyin_is_searched_from_its_seat(client, network):
    html = client.get("/outlets/", {"place": "Jiang Bei"}).content.decode()
    assert 'data-testid="origin"' in html and codes(html)[0] == "CQ-JB-B001"
