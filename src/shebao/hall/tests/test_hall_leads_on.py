"""Where the hall is reached from: the outlet page offers its tickets and bookings when it runs a queue,
the booking list offers a ticket to who is already there, and the window page a case for the visitor."""

import pytest
from django.urls import reverse

from shebao.hall.services import call_next, ticket_start, ticket_take
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


def test_an_outlet_with_a_queue_offers_a_ticket_and_a_booking_and_one_without_does_not(client, hall, cast):
    page = client.get(reverse("network:outlet", args=[hall.outlet.code])).content.decode()
    assert reverse("hall:take", args=[hall.outlet.code]) in page
    assert reverse("hall:book", args=[hall.outlet.code]) in page
    other = client.get(reverse("network:outlet", args=[cast.bank_point.code])).content.decode()
    assert reverse("hall:take", args=[cast.bank_point.code]) not in other
    assert 'data-testid="hall-links"' not in other


def test_the_booking_list_lets_who_is_already_at_a_hall_take_a_ticket(client, hall):
    page = client.get(reverse("hall:book_outlet")).content.decode()
    assert reverse("hall:book", args=[hall.outlet.code]) in page
    assert reverse("hall:take", args=[hall.outlet.code]) in page


def test_the_window_offers_the_teller_to_accept_a_case_for_the_visitor_being_served(client, hall):
    ticket_take(outlet=hall.outlet, category_code="pension")
    ticket = call_next(user=hall.teller, window=hall.window1)
    c = signed_in(client, hall.teller)
    url = reverse("hall:window", args=[hall.window1.pk])
    assert 'data-testid="accept-case"' not in c.get(url).content.decode()  # called, not yet here
    ticket_start(user=hall.teller, ticket=ticket)
    page = c.get(url).content.decode()
    assert f'href="{reverse("cases:accept")}" data-testid="accept-case"' in page
    assert c.get(reverse("cases:accept")).status_code == 200


def test_a_manager_at_the_window_is_not_offered_the_accept_page(client, hall, cast):
    ticket_take(outlet=hall.outlet, category_code="pension")
    ticket_start(user=cast.manager, ticket=call_next(user=cast.manager, window=hall.window1))
    page = signed_in(client, cast.manager).get(reverse("hall:window", args=[hall.window1.pk]))
    assert page.status_code == 200 and 'data-testid="accept-case"' not in page.content.decode()
