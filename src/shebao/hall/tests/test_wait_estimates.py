"""Wait estimates and queue statistics: the pure arithmetic, and the recent service times behind it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shebao.hall.estimates import distribution, estimate_wait_minutes, quantile, typical_service_seconds
from shebao.hall.selectors import recent_service_seconds, ticket_status
from shebao.hall.services import call_next, ticket_finish, ticket_start, ticket_take


def test_the_median_of_recent_services_is_used_once_there_are_enough():
    assert typical_service_seconds([300, 360, 3600], default_seconds=600) == 360
    assert typical_service_seconds([300], default_seconds=600) == 600


def test_the_estimate_grows_with_the_line_and_shrinks_with_windows():
    recent = [600, 600, 600]  # 10 minutes each
    one = estimate_wait_minutes(ahead=4, windows=1, recent_service_seconds=recent, default_seconds=300)
    two = estimate_wait_minutes(ahead=4, windows=2, recent_service_seconds=recent, default_seconds=300)
    assert one == 45 and two == 25
    assert estimate_wait_minutes(ahead=0, windows=1, recent_service_seconds=recent, default_seconds=1) == 5


def test_no_window_means_no_estimate_rather_than_a_guess():
    assert estimate_wait_minutes(ahead=3, windows=0, recent_service_seconds=[], default_seconds=60) is None
    with pytest.raises(ValueError):
        estimate_wait_minutes(ahead=-1, windows=1, recent_service_seconds=[], default_seconds=60)


def test_distribution_and_quantiles():
    assert distribution([0, 4, 5, 12, 90], [0, 5, 10, 60]) == [2, 1, 1, 1]
    assert quantile([5, 1, 3, 2, 4], 0.5) == 3
    assert quantile([], 0.9) is None


@pytest.mark.django_db
def test_the_first_visitor_of_the_morning_gets_an_estimate_from_yesterdays_services(hall):
    yesterday = timezone.localtime().replace(hour=9, minute=0) - timedelta(days=1)  # yesterday's opening
    for i in range(3):  # three 20-minute services yesterday, against a configured 8 minutes
        at = yesterday + timedelta(minutes=30 * i)
        ticket_take(outlet=hall.outlet, category_code="pension", now=at)
        ticket = call_next(user=hall.teller, window=hall.window1, now=at)
        ticket_start(user=hall.teller, ticket=ticket, now=at)
        ticket_finish(user=hall.teller, ticket=ticket, now=at + timedelta(minutes=20))
    assert recent_service_seconds(hall.pension.pk, timezone.localdate()) == [1200.0] * 3
    for _ in range(3):
        last = ticket_take(outlet=hall.outlet, category_code="pension")
    status = ticket_status(last)
    # Two ahead, two windows serve pensions: one round plus the half-done current one, of 20 minutes.
    assert status.ahead == 2 and status.wait_minutes == 30
