"""The "open now" filter of the nearest search uses each outlet's sessions and the official calendar."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from shebao.network import selectors
from shebao.network.models import OpeningHours

from .helpers import hours, small_network

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
HALL = [(d, time(9), time(12)) for d in range(5)] + [(d, time(14), time(17, 30)) for d in range(5)]


def open_codes(moment):
    results = selectors.nearest_outlets(lat=29.5567, lng=106.5689, open_now=True, at=moment)
    return {r.outlet.code for r in results}


@pytest.fixture
def network(cast):
    village, _ = small_network(cast)
    OpeningHours.objects.filter(outlet=cast.yuzhong_hall).delete()
    hours(cast.yuzhong_hall, HALL)
    OpeningHours.objects.filter(outlet=village).delete()  # a point with no hours is never "open now"
    return cast


def test_only_outlets_open_at_that_moment_are_returned(network):
    assert open_codes(datetime(2025, 9, 30, 10, tzinfo=SH)) == {"CQ-YZ-H001", "CQ-JB-B001"}
    assert open_codes(datetime(2025, 9, 30, 12, 30, tzinfo=SH)) == {"CQ-JB-B001"}  # lunch break


def test_on_a_holiday_the_hall_is_shut_and_on_a_make_up_sunday_it_is_open(network):
    assert "CQ-YZ-H001" not in open_codes(datetime(2025, 10, 1, 10, tzinfo=SH))
    assert "CQ-YZ-H001" in open_codes(datetime(2025, 9, 28, 10, tzinfo=SH))
    assert "CQ-YZ-H001" not in open_codes(datetime(2025, 9, 21, 10, tzinfo=SH))


def test_without_the_filter_closed_outlets_are_listed_and_marked_closed(network):
    results = selectors.nearest_outlets(lat=29.5567, lng=106.5689, at=datetime(2025, 10, 1, 10, tzinfo=SH))
    flags = {r.outlet.code: r.open_now for r in results}
    assert flags == {"CQ-YZ-H001": False, "CQ-JB-B001": True, "T-VILLAGE": False}
    assert [r.distance_m for r in results] == sorted(r.distance_m for r in results)
