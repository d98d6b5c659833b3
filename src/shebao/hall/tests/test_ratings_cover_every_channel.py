"""好差评 covers every channel: a case accepted at a partner point (or online, or at a window without a
ticket) is rated by the link on its receipt and in its decision text, once; a bad rating is followed
up by a manager over the outlet that accepted it, as in the hall, and the citizen sees the outcome."""

import itertools

import pytest
from django.urls import reverse

from shebao.cases.intake import case_accept
from shebao.cases.ratings import rating_link, rating_token
from shebao.cases.tests.helpers import make_world, pin_day
from shebao.core.models import Role, TextMessage
from shebao.hall.evaluations import evaluation_submit
from shebao.hall.models import Evaluation, FollowUp, ServiceCategory, Window
from shebao.hall.services import call_next, ticket_finish, ticket_start, ticket_take
from shebao.testing import make_staff, signed_in

pytestmark = pytest.mark.django_db
keys = itertools.count(1)


@pytest.fixture
def case(cast, monkeypatch):
    """A record print (an instant item) accepted and completed at the Jiangbei bank point."""
    pin_day(monkeypatch)
    make_world(cast)
    return accept(cast)


def accept(cast):
    intake = case_accept(
        teller=cast.teller,
        person=cast.person,
        item_code="T-REC",
        received={"resident_id_card"},
        idempotency_key=f"rate-{next(keys)}",
    )
    return intake.cases[0]


def rate_path(case) -> str:
    return reverse("hall:case_rate", args=[rating_token(case)])


def test_the_receipt_and_the_decision_text_carry_the_link_that_rates_the_case(client, cast, case, settings):
    link = rating_link(case)
    assert link == settings.SHEBAO["PUBLIC_URL"] + rate_path(case)
    signed_in(client, cast.teller)
    receipt = client.get(reverse("cases:receipt", args=[case.number])).content.decode()
    assert f'href="{link}"' in receipt
    decision = TextMessage.objects.get(purpose="cases.completed_at_window")
    assert link in decision.body

    client.logout()
    form = client.get(rate_path(case)).content.decode()
    assert 'name="level"' in form and case.number in form
    response = client.post(rate_path(case), {"level": "5"})
    assert response.status_code == 302 and response.url == rate_path(case)
    evaluation = Evaluation.objects.get()
    assert (evaluation.case, evaluation.ticket, evaluation.home_visit) == (case, None, None)
    assert (evaluation.channel, evaluation.outlet) == ("partner_point", cast.bank_point)
    page = client.get(rate_path(case)).content.decode()
    assert 'data-testid="rated"' in page and 'name="level"' not in page


def test_a_case_is_rated_once(client, case):
    assert client.post(rate_path(case), {"level": "4"}).status_code == 302
    second = client.post(rate_path(case), {"level": "1", "reasons": ["attitude"]})
    assert second.status_code == 409 and "该办件已经评价过了" in second.content.decode()
    assert Evaluation.objects.get().level == 4 and not FollowUp.objects.exists()


def test_a_forged_or_mangled_link_rates_nothing(client, case):
    forged = rate_path(case).replace(case.number, case.number[:-1] + "9")
    for path in (forged, f"/hall/c/{case.number}/rate/"):
        assert client.get(path).status_code == 404
        assert client.post(path, {"level": "5"}).status_code == 404
    assert not Evaluation.objects.exists()


def test_a_bad_rating_is_followed_up_by_a_manager_over_the_partner_point(client, cast, case):
    response = client.post(rate_path(case), {"level": "1", "reasons": ["attitude"], "comment": "态度差"})
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.outlet == cast.bank_point and follow_up.evaluation.phone == cast.person.phone
    assert 'data-testid="follow-up"' in client.get(rate_path(case)).content.decode()

    manager = make_staff("jb-manager", "江北主任", cast.jiangbei, [Role.MANAGER])
    signed_in(client, manager)
    assert case.number in client.get(reverse("hall:follow_ups")).content.decode()
    page = reverse("hall:follow_up", args=[follow_up.pk])
    assert 'data-testid="follow-up-case"' in client.get(page).content.decode()
    client.post(page, {"step": "verify", "finding": "查看录像，属实", "justified": "1"})
    client.post(page, {"step": "close", "rectification": "已约谈", "outcome": "已整改，向您致歉"})
    follow_up.refresh_from_db()
    assert follow_up.state == "closed" and follow_up.citizen_told_by_text
    told = TextMessage.objects.get(purpose="hall.follow_up.outcome")
    assert told.phone == cast.person.phone and case.number in told.body

    client.logout()
    assert "已整改，向您致歉" in client.get(rate_path(case)).content.decode()


def test_the_yuzhong_manager_does_not_follow_up_the_jiangbei_point(client, cast, case):
    client.post(rate_path(case), {"level": "2", "reasons": ["unclear"]})
    signed_in(client, cast.manager)
    page = reverse("hall:follow_up", args=[FollowUp.objects.get().pk])
    assert client.get(page).status_code == 403


def test_a_case_rated_with_its_hall_ticket_is_not_rated_again(client, cast, case):
    ServiceCategory.objects.create(outlet=cast.bank_point, code="social", name="社保业务", prefix="S")
    window = Window.objects.create(outlet=cast.bank_point, number=1, comprehensive=True)
    ticket_take(outlet=cast.bank_point, category_code="social")
    ticket = ticket_start(user=cast.teller, ticket=call_next(user=cast.teller, window=window))
    served = accept(cast)
    ticket = ticket_finish(user=cast.teller, ticket=ticket)
    evaluation_submit(token=ticket.token, level=5)
    refused = client.get(rate_path(served))
    assert refused.status_code == 409 and 'name="level"' not in refused.content.decode()
    assert client.post(rate_path(served), {"level": "3"}).status_code == 409
    assert Evaluation.objects.count() == 1
