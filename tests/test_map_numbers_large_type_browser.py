"""A map's numbers in large type (issue 14): in 长辈版 a point's number and a cluster's count are at least
18 px, as every other text (Leaflet's own stylesheet writes them at 12 px)."""

import pytest

from shebao.network.tests.helpers import make_items, small_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = """() => [...document.querySelectorAll('#outlet-map .num-marker, #outlet-map .marker-cluster span')]
  .map(e => parseFloat(getComputedStyle(e).fontSize))"""


def test_the_map_s_numbers_are_large_in_large_type(phone_page, cast):
    make_items()
    small_network(cast)
    page = phone_page
    page.context.add_cookies([{"name": "shebao_elder", "value": "1", "url": page.base}])
    page.goto(f"{page.base}/outlets/?lat=29.5754&lng=106.5322")
    page.wait_for_selector("#outlet-map .num-marker, #outlet-map .marker-cluster", timeout=5000)
    sizes = page.evaluate(SIZES)
    assert sizes and min(sizes) >= 18, sizes
