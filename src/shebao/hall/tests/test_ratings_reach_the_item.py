"""A ticket is linked to the case(s) its teller accepted for the visitor, found by itself when the
ticket is finished or linked by case number, so that ratings reach the item handled."""

import itertools

import pytest

from shebao.cases.intake import case_accept
from shebao.cases.tests.helpers import make_world, pin_day
from shebao.core.errors import Conflict, NotAllowed, ValidationFailed
from shebao.hall.caselinks import ticket_case_link
from shebao.hall.evaluations import evaluation_submit
from shebao.hall.models import ServiceCategory, TicketCase, Window
from shebao.hall.services import call_next, ticket_finish, ticket_start, ticket_take
from shebao.hall.stats import hall_statistics

pytestmark = pytest.mark.django_db
keys = itertools.count(1)


@pytest.fixture
def bank_hall(cast, monkeypatch):
    """The Jiangbei bank point with one window and one business, its teller under the agreement."""
    pin_day(monkeypatch)
    make_world(cast)
    ServiceCategory.objects.create(outlet=cast.bank_point, code="social", name="社保业务", prefix="S")
    return Window.objects.create(outlet=cast.bank_point, number=1, comprehensive=True)


def accept(cast, item="T-REC"):
    intake = case_accept(
        teller=cast.teller,
        person=cast.person,
        item_code=item,
        received={"resident_id_card"},
        idempotency_key=f"hall-{next(keys)}",
    )
    return intake.cases[0]


def serving(cast, window):
    ticket_take(outlet=cast.bank_point, category_code="social")
    ticket = call_next(user=cast.teller, window=window)
    return ticket_start(user=cast.teller, ticket=ticket)


def test_the_case_accepted_while_serving_is_linked_when_the_ticket_is_finished(cast, bank_hall):
    window = bank_hall
    before = accept(cast)  # accepted before the visitor was called: someone else's
    ticket = serving(cast, window)
    during = accept(cast)
    ticket_finish(user=cast.teller, ticket=ticket)
    linked = list(TicketCase.objects.filter(ticket=ticket).values_list("case__number", flat=True))
    assert linked == [during.number] and before.number not in linked


def test_a_rating_of_a_ticket_with_a_case_counts_for_the_item(cast, bank_hall):
    window = bank_hall
    ticket = serving(cast, window)
    accept(cast)
    ticket = ticket_finish(user=cast.teller, ticket=ticket)
    evaluation_submit(token=ticket.token, level=2, reasons=["unclear"])
    by_item = hall_statistics([cast.bank_point])["satisfaction"]["by_item"]
    assert [(row.label, row.n, row.bad) for row in by_item] == [("个人权益记录查询打印", 1, 1)]


def test_the_teller_links_a_case_by_number_once(cast, bank_hall):
    window = bank_hall
    case = accept(cast)  # accepted before the call, so not found by itself
    ticket = ticket_finish(user=cast.teller, ticket=serving(cast, window))
    assert not TicketCase.objects.filter(ticket=ticket).exists()
    link = ticket_case_link(user=cast.teller, ticket=ticket, case_number=f" {case.number} ")
    assert link.case == case and not link.found_automatically and link.linked_by.user == cast.teller
    with pytest.raises(Conflict) as exc:
        ticket_case_link(user=cast.teller, ticket=ticket, case_number=case.number)
    assert exc.value.code == "already_linked"


def test_a_case_of_another_outlet_or_an_unknown_number_or_a_waiting_ticket_is_refused(cast, bank_hall, hall):
    window = bank_hall
    ticket = ticket_finish(user=cast.teller, ticket=serving(cast, window))
    for number in ("", "NOPE-1"):
        with pytest.raises(ValidationFailed):
            ticket_case_link(user=cast.teller, ticket=ticket, case_number=number)
    case = accept(cast)
    other = ticket_take(outlet=hall.outlet, category_code="pension")
    other = call_next(user=hall.teller, window=hall.window1)
    ticket_start(user=hall.teller, ticket=other)
    with pytest.raises(ValidationFailed):  # accepted at the bank point, not at the Yuzhong hall
        ticket_case_link(user=hall.teller, ticket=other, case_number=case.number)
    waiting = ticket_take(outlet=cast.bank_point, category_code="social")
    with pytest.raises(Conflict):
        ticket_case_link(user=cast.teller, ticket=waiting, case_number=case.number)


def test_the_outsider_cannot_link_cases(cast, bank_hall):
    window = bank_hall
    ticket = ticket_finish(user=cast.teller, ticket=serving(cast, window))
    case = accept(cast)
    with pytest.raises(NotAllowed):
        ticket_case_link(user=cast.outsider, ticket=ticket, case_number=case.number)
    assert not TicketCase.objects.exists()
