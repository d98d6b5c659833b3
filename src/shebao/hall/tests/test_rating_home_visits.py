"""好差评 for home visits: a closed visit is rated 1-5 by whoever holds its status page (the citizen, or the
relative who asked), reached from that page and from the text sent at closing; only once, only closed;
a bad rating opens the same follow-up as a ticket's, and the statistics count it for its outlet."""

import pytest
from django.db import IntegrityError, transaction

from shebao.core.errors import Conflict, NotAllowed, ValidationFailed
from shebao.core.models import TextMessage
from shebao.hall.evaluations import (
    evaluation_submit,
    follow_up_close,
    follow_up_verify,
    home_visit_evaluation_submit,
)
from shebao.hall.home_visits import home_visit_cancel, home_visit_close, home_visit_record, home_visit_request
from shebao.hall.models import Evaluation, FollowUp
from shebao.hall.stats import HOME_VISITS, hall_statistics
from shebao.network.index import bump_version
from shebao.testing import signed_in

from .helpers import served
from .test_home_visits import a_request

pytestmark = pytest.mark.django_db
RELATIVE = "13987654321"


@pytest.fixture
def visit(hall):
    """A visit a relative asked for (with their own number), done and closed by the hall's teller."""
    bump_version()
    visit = home_visit_request(request=a_request(requester_phone=RELATIVE), channel="online")
    home_visit_record(user=hall.teller, visit=visit, outcome="done", work_done="上门完成人脸识别认证")
    return home_visit_close(user=hall.teller, visit=visit)


def test_closing_the_visit_texts_whoever_asked_a_link_to_rate_it(visit, settings):
    message = TextMessage.objects.get(purpose="hall.home_visit.closed")
    link = f"{settings.SHEBAO['PUBLIC_URL']}/hall/home-visits/s/{visit.token}/rate/"
    assert message.phone == RELATIVE and link in message.body and visit.reference in message.body


def test_without_a_number_of_their_own_the_person_visited_gets_the_text(hall):
    bump_version()
    visit = home_visit_request(request=a_request(), channel="online")
    home_visit_record(user=hall.teller, visit=visit, outcome="not_home")
    home_visit_close(user=hall.teller, visit=visit)
    assert TextMessage.objects.get(purpose="hall.home_visit.closed").phone == visit.phone


def test_the_citizen_rates_the_closed_visit_from_its_status_page(client, visit):
    status = f"/hall/home-visits/s/{visit.token}/"
    rate_url = f"/hall/home-visits/s/{visit.token}/rate/"
    assert f'href="{rate_url}"' in client.get(status).content.decode()
    form = client.get(rate_url).content.decode()
    assert 'name="level"' in form and visit.reference in form
    response = client.post(rate_url, {"level": "5", "reasons": ["attitude"]})
    assert response.status_code == 302 and response.url == status
    evaluation = Evaluation.objects.get()
    assert (evaluation.home_visit, evaluation.ticket, evaluation.outlet) == (visit, None, visit.outlet)
    assert evaluation.reasons == [] and not FollowUp.objects.exists()
    page = client.get(status).content.decode()
    assert 'data-testid="rated"' in page and rate_url not in page


def test_a_visit_not_closed_cannot_be_rated_and_nothing_is_kept(client, hall):
    bump_version()
    assigned = home_visit_request(request=a_request(), channel="online")
    visited = home_visit_request(request=a_request(), channel="online")
    home_visit_record(user=hall.teller, visit=visited, outcome="done", work_done="认证")
    cancelled = home_visit_request(request=a_request(), channel="online")
    home_visit_cancel(user=hall.teller, visit=cancelled, reason="本人已到大厅办理")
    for visit in (assigned, visited, cancelled):
        with pytest.raises(Conflict) as refused:
            home_visit_evaluation_submit(token=visit.token, level=5)
        assert refused.value.code == "not_closed"
        rate_url = f"/hall/home-visits/s/{visit.token}/rate/"
        page = client.post(rate_url, {"level": "5"})
        assert page.status_code == 409 and "只有已办结的上门服务才能评价" in page.content.decode()
        assert 'name="level"' not in client.get(rate_url).content.decode()
        assert rate_url not in client.get(f"/hall/home-visits/s/{visit.token}/").content.decode()
    assert not Evaluation.objects.exists()


def test_a_visit_is_rated_once(client, visit):
    home_visit_evaluation_submit(token=visit.token, level=4)
    with pytest.raises(Conflict) as refused:
        home_visit_evaluation_submit(token=visit.token, level=1, reasons=["attitude"])
    assert refused.value.code == "already_rated"
    page = client.post(f"/hall/home-visits/s/{visit.token}/rate/", {"level": "1", "reasons": ["other"]})
    assert page.status_code == 409 and "这次上门服务已经评价过了" in page.content.decode()
    client.cookies["shebao_language"] = "en"
    again = client.post(f"/hall/home-visits/s/{visit.token}/rate/", {"level": "2", "reasons": ["other"]})
    assert "This home visit has already been rated." in again.content.decode()
    assert [e.level for e in Evaluation.objects.all()] == [4] and not FollowUp.objects.exists()


def test_a_bad_rating_needs_a_reason_and_an_unknown_visit_is_not_found(client, visit):
    with pytest.raises(ValidationFailed) as refused:
        home_visit_evaluation_submit(token=visit.token, level=2)
    assert "reasons" in refused.value.fields
    assert client.get("/hall/home-visits/s/not-a-token/rate/").status_code == 404
    assert not Evaluation.objects.exists()


def test_a_low_rating_opens_a_follow_up_whose_outcome_reaches_the_relative(client, cast, hall, visit):
    home_visit_evaluation_submit(token=visit.token, level=1, reasons=["unclear"], comment="没讲清楚")
    follow_up = FollowUp.objects.get()
    assert follow_up.outlet == visit.outlet and follow_up.evaluation.phone == RELATIVE
    status = f"/hall/home-visits/s/{visit.token}/"
    assert 'data-testid="follow-up"' in client.get(status).content.decode()
    for user in (cast.outsider, hall.teller):
        with pytest.raises(NotAllowed):
            follow_up_verify(user=user, follow_up=follow_up, finding="x", justified=False)
    manager = signed_in(client, cast.manager)
    assert visit.reference in manager.get("/hall/follow-ups/").content.decode()
    page = manager.get(f"/hall/follow-ups/{follow_up.pk}/").content.decode()
    assert f'href="/hall/home-visits/{visit.pk}/"' in page
    follow_up_verify(user=cast.manager, follow_up=follow_up, finding="电话回访属实", justified=True)
    follow_up_close(
        user=cast.manager, follow_up=follow_up, rectification="已培训", outcome="已再次上门讲解，感谢监督"
    )
    message = TextMessage.objects.get(purpose="hall.follow_up.outcome")
    assert message.phone == RELATIVE and visit.reference in message.body
    assert "已再次上门讲解" in client.get(status).content.decode()


def test_home_visit_ratings_count_for_their_outlet_as_a_business_of_their_own(hall, visit):
    ticket = served(hall)
    evaluation_submit(token=ticket.token, level=5)
    home_visit_evaluation_submit(token=visit.token, level=2, reasons=["more_trips"])
    sat = hall_statistics([hall.outlet])["satisfaction"]
    assert (sat["overall"].n, sat["overall"].bad) == (2, 1)
    assert {row.label: (row.n, row.average) for row in sat["by_outlet"]} == {hall.outlet.name: (2, 3.5)}
    assert {row.label: row.n for row in sat["by_category"]} == {"养老待遇": 1, str(HOME_VISITS): 1}
    assert [row.n for row in sat["by_window"]] == [1]  # a visit has no window
    assert (sat["home_visits"].n, sat["home_visits"].bad) == (1, 1)


def test_an_evaluation_rates_exactly_one_service(hall, visit):
    ticket = served(hall)
    for rated in ({}, {"ticket": ticket, "home_visit": visit}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Evaluation.objects.create(outlet=hall.outlet, level=5, **rated)
    assert not Evaluation.objects.exists()
