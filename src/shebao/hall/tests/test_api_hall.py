"""The hall API: take a ticket, call next, the queue, evaluations; errors in the project's shape."""

import pytest

from shebao.hall.models import FollowUp, Ticket
from shebao.hall.services import call_next, ticket_finish, ticket_start
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def take(client, **overrides):
    return post(client, "/api/v1/hall/tickets", {"outlet": "CQ-YZ-H001", "category": "pension"} | overrides)


def test_a_citizen_takes_a_ticket_and_gets_the_number_a_token_and_the_place_in_line(client, hall):
    take(client)
    body = take(client).json()
    assert body["number"] == "A002" and body["ahead"] == 1 and body["token"]
    assert body["wait_minutes"] is not None


def test_an_unknown_category_is_a_422_naming_the_field(client, hall):
    response = take(client, category="nope")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid" and "category" in response.json()["error"]["fields"]


def test_an_unknown_outlet_is_404(client, hall):
    assert take(client, outlet="NOPE").status_code == 404


def test_a_window_calls_next_through_the_api(client, hall):
    take(client)
    body = post(
        signed_in(client, hall.teller), f"/api/v1/hall/windows/{hall.window1.pk}/call-next", {}
    ).json()
    assert body["ticket"]["number"] == "A001" and body["ticket"]["window"] == 1
    again = post(client, f"/api/v1/hall/windows/{hall.window2.pk}/call-next", {}).json()
    assert again == {"ticket": None}


def test_anonymous_and_outsider_are_refused_calling(client, cast, hall):
    take(client)
    url = f"/api/v1/hall/windows/{hall.window1.pk}/call-next"
    assert post(client, url, {}).status_code == 401
    response = post(signed_in(client, cast.outsider), url, {})
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert Ticket.objects.get().state == "waiting"


def test_the_queue_shows_calls_and_counts_without_personal_data(client, hall):
    take(client), take(client, category="reg")
    call_next(user=hall.teller, window=hall.window1)
    body = client.get(f"/api/v1/hall/outlets/{hall.outlet.pk}/queue").json()
    assert body["calling"] == [{"number": "A001", "window": 1}]
    assert {w["category"]: w["count"] for w in body["waiting"]} == {"pension": 0, "reg": 1}


def served_token(client, hall):
    token = take(client).json()["token"]
    ticket = call_next(user=hall.teller, window=hall.window1)
    ticket_start(user=hall.teller, ticket=ticket)
    ticket_finish(user=hall.teller, ticket=ticket)
    return token


def test_a_low_rating_through_the_api_opens_a_follow_up(client, hall):
    token = served_token(client, hall)
    response = post(
        client, "/api/v1/hall/evaluations", {"ticket": token, "level": 1, "reasons": ["long_wait"]}
    )
    assert response.status_code == 201 and response.json()["follow_up_due"]
    assert FollowUp.objects.get().state == "open"


def test_rating_twice_or_before_service_or_out_of_range_is_refused(client, hall):
    waiting_token = take(client, category="reg").json()["token"]  # window 1 never calls it
    early = post(client, "/api/v1/hall/evaluations", {"ticket": waiting_token, "level": 5})
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_served"
    token = served_token(client, hall)
    assert post(client, "/api/v1/hall/evaluations", {"ticket": token, "level": 6}).status_code == 422
    assert post(client, "/api/v1/hall/evaluations", {"ticket": token, "level": 5}).status_code == 201
    twice = post(client, "/api/v1/hall/evaluations", {"ticket": token, "level": 1, "reasons": ["other"]})
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_rated"
    assert not FollowUp.objects.exists()
