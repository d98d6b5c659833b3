"""An item's guide leads on to where it can be done: the points that handle it, a booking at a hall when
a window handles it, a home visit when the item offers one. Nothing is offered that the item has not."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(client, code: str) -> str:
    response = client.get(reverse("catalog:item", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_window_item_offers_the_points_that_handle_it_and_a_booking(client, catalogue):
    page = _page(client, "CARD001")
    assert f"{reverse('network:map')}?item=CARD001" in page
    assert reverse("hall:book_outlet") in page
    assert reverse("hall:home_visit_request") not in page


def test_an_item_done_at_home_offers_a_home_visit(client, catalogue):
    assert reverse("hall:home_visit_request") in _page(client, "CER001")


def test_an_item_no_window_handles_offers_no_booking(client, catalogue):
    page = _page(client, "CARD009")
    assert reverse("hall:book_outlet") not in page
    assert f"{reverse('network:map')}?item=CARD009" in page
