"""Statistics: time in each stage of the hall flow, the waiting-time distribution with percentiles,
service time per business, satisfaction per outlet, window and business, follow-ups, appointments and
home visits; for managers only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shebao.hall.evaluations import evaluation_submit
from shebao.hall.services import (
    call_next,
    ticket_finish,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_take,
)
from shebao.hall.stats import hall_statistics
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


def visit(hall, base, *, wait, walk, service, window=None, category="pension"):
    """A visitor who arrives at `base`, is called after `wait` minutes, reaches the window after `walk`
    and is served for `service` minutes."""
    t = lambda minutes: base + timedelta(minutes=minutes)  # noqa: E731
    ticket_take(outlet=hall.outlet, category_code=category, now=base)
    ticket = call_next(user=hall.teller, window=window or hall.window1, now=t(wait))
    ticket_start(user=hall.teller, ticket=ticket, now=t(wait + walk))
    return ticket_finish(user=hall.teller, ticket=ticket, now=t(wait + walk + service))


@pytest.fixture
def day(hall):
    base = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)  # the hall opens
    a = visit(hall, base, wait=4, walk=1, service=10)
    b = visit(hall, base + timedelta(minutes=20), wait=12, walk=2, service=6)
    c = visit(
        hall, base + timedelta(minutes=40), wait=50, walk=1, service=8, window=hall.window2, category="reg"
    )
    return hall, [a, b, c]


def test_each_stage_of_the_flow_is_timed(day):
    hall, (a, _b, _c) = day
    evaluation_submit(token=a.token, level=5)
    stats = hall_statistics([hall.outlet])
    stage = stats["stage"]
    assert stats["tickets"] == 3
    assert (stage["waiting"].n, stage["waiting"].p50, stage["waiting"].p95) == (3, 12, 50)
    assert stage["waiting"].mean == pytest.approx(22)
    assert (stage["calling"].n, stage["calling"].p50) == (3, 1)
    assert (stage["handling"].n, stage["handling"].mean) == (3, pytest.approx(8))
    assert stage["evaluation"].n == 1


def test_the_waiting_time_histogram_counts_every_wait_once(day):
    hall, _tickets = day
    histogram = {row["from"]: row["count"] for row in hall_statistics([hall.outlet])["histogram"]}
    assert histogram == {0: 1, 5: 0, 10: 1, 15: 0, 20: 0, 30: 0, 45: 1, 60: 0}


def test_service_time_and_wait_per_business(day):
    hall, _tickets = day
    rows = {r["category"].code: r for r in hall_statistics([hall.outlet])["per_category"]}
    assert (rows["pension"]["service"].n, rows["pension"]["service"].mean) == (2, pytest.approx(8))
    assert rows["reg"]["service"].p50 == 8 and rows["reg"]["wait"].p50 == 50


def test_satisfaction_per_window_and_business_with_bad_ratings_counted(day):
    hall, (a, b, c) = day
    evaluation_submit(token=a.token, level=5)
    evaluation_submit(token=b.token, level=2, reasons=["long_wait"])
    evaluation_submit(token=c.token, level=4)
    sat = hall_statistics([hall.outlet])["satisfaction"]
    assert (sat["overall"].n, sat["overall"].bad) == (3, 1) and sat["overall"].average == pytest.approx(
        11 / 3
    )
    windows = {row.label: (row.n, row.average, row.bad) for row in sat["by_window"]}
    assert windows == {"1": (2, 3.5, 1), "3": (1, 4.0, 0)}
    assert {row.label: row.n for row in sat["by_category"]} == {"养老待遇": 2, "参保登记": 1}
    follow_ups = hall_statistics([hall.outlet])["follow_ups"]
    assert (follow_ups["total"], follow_ups["open"], follow_ups["overdue"]) == (1, 1, 0)


def test_a_ticket_called_three_times_without_the_visitor_counts_as_a_no_show(hall):
    ticket_take(outlet=hall.outlet, category_code="pension")
    ticket = call_next(user=hall.teller, window=hall.window1)
    ticket_recall(user=hall.teller, ticket=ticket)
    ticket_recall(user=hall.teller, ticket=ticket)
    ticket_no_show(user=hall.teller, ticket=ticket)
    stats = hall_statistics([hall.outlet])
    assert stats["no_shows"] == 1 and stats["stage"]["handling"].n == 0


def test_the_statistics_pages_are_for_the_manager_only(day, cast, client):
    hall, _tickets = day
    for user in (cast.outsider, hall.teller):
        assert signed_in(client, user).get("/hall/CQ-YZ-H001/statistics/").status_code == 403
        assert client.get("/hall/statistics/").status_code == 403
    page = signed_in(client, cast.manager).get("/hall/CQ-YZ-H001/statistics/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="wait-p95">50.0<' in body and 'data-testid="histogram"' in body
    assert client.get("/hall/statistics/").status_code == 200
