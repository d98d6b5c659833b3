"""A window calls, recalls, marks a no-show after N calls, transfers and finishes; illegal steps refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shebao.core.errors import Conflict, InvalidTransition, NotAllowed
from shebao.core.models import AuditEntry
from shebao.hall.services import (
    call_next,
    ticket_finish,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_take,
    ticket_transfer,
)

pytestmark = pytest.mark.django_db


def take(hall, code="pension", minutes_ago=0, **kw):
    return ticket_take(
        outlet=hall.outlet, category_code=code, now=timezone.now() - timedelta(minutes=minutes_ago), **kw
    )


def test_the_window_calls_the_elderly_visitor_first_and_counts_the_overtake(hall):
    ordinary = take(hall, minutes_ago=5)
    elderly = take(hall, minutes_ago=1, doc_number="500103195303071224")
    called = call_next(user=hall.teller, window=hall.window1)
    assert called.pk == elderly.pk and called.state == "called" and called.window == hall.window1
    ordinary.refresh_from_db()
    assert ordinary.passed_over == 1
    assert AuditEntry.objects.filter(action="hall.ticket.called", actor_id=hall.teller.pk).count() == 1


def test_a_pensions_window_does_not_call_registrations_but_the_comprehensive_one_does(hall):
    reg = take(hall, code="reg")
    assert call_next(user=hall.teller, window=hall.window1) is None
    assert call_next(user=hall.teller, window=hall.window2).pk == reg.pk


def test_a_window_with_a_ticket_in_hand_cannot_call_another(hall):
    take(hall), take(hall)
    call_next(user=hall.teller, window=hall.window1)
    with pytest.raises(Conflict):
        call_next(user=hall.teller, window=hall.window1)


def test_a_no_show_needs_the_configured_number_of_calls(hall, settings):
    settings.SHEBAO = {**settings.SHEBAO, "HALL_NO_SHOW_AFTER_CALLS": 3}
    take(hall)
    ticket = call_next(user=hall.teller, window=hall.window1)
    with pytest.raises(Conflict):
        ticket_no_show(user=hall.teller, ticket=ticket)
    ticket_recall(user=hall.teller, ticket=ticket)
    ticket = ticket_recall(user=hall.teller, ticket=ticket)
    assert ticket.call_count == 3
    assert ticket_no_show(user=hall.teller, ticket=ticket).state == "no_show"


def test_serve_and_finish_and_then_nothing_more(hall):
    take(hall)
    ticket = call_next(user=hall.teller, window=hall.window1)
    ticket_start(user=hall.teller, ticket=ticket)
    ticket = ticket_finish(user=hall.teller, ticket=ticket)
    assert ticket.state == "done" and ticket.finished_at is not None
    with pytest.raises(InvalidTransition):
        ticket_recall(user=hall.teller, ticket=ticket)
    with pytest.raises(InvalidTransition):
        ticket_finish(user=hall.teller, ticket=ticket)


def test_finishing_a_ticket_that_never_came_to_the_window_is_refused(hall):
    take(hall)
    ticket = call_next(user=hall.teller, window=hall.window1)
    with pytest.raises(InvalidTransition):
        ticket_finish(user=hall.teller, ticket=ticket)


def test_a_transfer_keeps_the_number_and_the_arrival_time_and_only_the_target_window_calls_it(hall):
    first = take(hall, minutes_ago=20)
    take(hall, minutes_ago=1)
    ticket = call_next(user=hall.teller, window=hall.window1)
    assert ticket.pk == first.pk
    ticket_start(user=hall.teller, ticket=ticket)
    successor = ticket_transfer(user=hall.teller, ticket=ticket, to_window=hall.window2)
    ticket.refresh_from_db()
    assert ticket.state == "transferred"
    assert successor.number == first.number and successor.taken_at == first.taken_at
    assert successor.state == "waiting" and successor.target_window == hall.window2
    assert call_next(user=hall.teller, window=hall.window2).pk == successor.pk


def test_the_outsider_and_a_teller_of_another_outlet_cannot_operate_the_window(hall, cast):
    take(hall)
    for user in (cast.outsider, cast.teller, None):
        with pytest.raises(NotAllowed):
            call_next(user=user, window=hall.window1)


def test_the_manager_of_the_district_may_operate_a_window(hall, cast):
    take(hall)
    assert call_next(user=cast.manager, window=hall.window1) is not None
