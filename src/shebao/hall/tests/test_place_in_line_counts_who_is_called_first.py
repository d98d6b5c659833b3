"""The place in line counts the waiting tickets a window serving this ticket will call first: not those
called, served or gone; a priority visitor who came later; another business's earlier ticket only where a
window serving this one also serves that business."""

import pytest

from shebao.hall.models import Window
from shebao.hall.selectors import ticket_status
from shebao.hall.services import call_next, ticket_no_show, ticket_recall, ticket_take

pytestmark = pytest.mark.django_db
ELDER = "500103195303071224"


def ahead(ticket):
    return ticket_status(ticket).ahead


def test_three_tickets_and_one_called_leave_one_ahead_of_the_third_and_a_later_elder_goes_ahead(hall):
    Window.objects.filter(pk=hall.window2.pk).update(open=False)
    for _ in range(2):
        ticket_take(outlet=hall.outlet, category_code="pension")
    third = ticket_take(outlet=hall.outlet, category_code="pension")
    assert ahead(third) == 2
    call_next(user=hall.teller, window=hall.window1)
    assert ahead(third) == 1
    ticket_take(outlet=hall.outlet, category_code="pension", doc_number=ELDER)
    assert ahead(third) == 2


def test_a_ticket_gone_as_a_no_show_is_no_longer_ahead(hall):
    Window.objects.filter(pk=hall.window2.pk).update(open=False)
    ticket_take(outlet=hall.outlet, category_code="pension")
    second = ticket_take(outlet=hall.outlet, category_code="pension")
    first = call_next(user=hall.teller, window=hall.window1)
    for _ in range(2):
        ticket_recall(user=hall.teller, ticket=first)
    ticket_no_show(user=hall.teller, ticket=first)
    assert ahead(second) == 0


def test_another_business_counts_only_where_a_window_serving_this_ticket_serves_it_too(hall):
    ticket_take(outlet=hall.outlet, category_code="reg")
    mine = ticket_take(outlet=hall.outlet, category_code="pension")
    assert ahead(mine) == 1  # window 3 is comprehensive: it calls the earlier 参保登记 ticket first
    Window.objects.filter(pk=hall.window2.pk).update(open=False)
    assert ahead(mine) == 0  # window 1 serves pensions only
