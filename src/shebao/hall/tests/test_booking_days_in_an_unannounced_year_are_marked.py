"""No booking times are offered on days of a year whose public holidays are not announced yet (New Year's
Day 2027 would otherwise be offered like any Friday); the booking page says so, from which day and why,
instead of leaving those days out silently (issue 13: never silently on an unknown year)."""

from datetime import date

import pytest

from shebao.core.workdays import is_announced
from shebao.hall.slots import slots_generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def near_new_year(hall, monkeypatch, settings):
    """29 December 2026, booking a week ahead: the horizon reaches into 2027."""
    if is_announced(date(2027, 1, 4)):
        pytest.skip("the calendar library already knows 2027")
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    now = datetime(2026, 12, 29, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(timezone, "now", lambda: now)
    settings.HALL_BOOKING_DAYS_AHEAD = 7
    slots_generate(outlet=hall.outlet, first_day=date(2026, 12, 30), days=7)
    return hall


def test_the_page_offers_only_known_days_and_says_from_when_times_wait(client, near_new_year):
    page = client.get("/hall/CQ-YZ-H001/book/?category=pension").content.decode()
    offered = [part[:10] for part in page.split('name="day" value="')[1:]]
    assert offered and all(day.startswith("2026-") for day in offered)
    assert 'data-testid="unannounced-year"' in page and "2027-01-01" in page


def test_no_note_while_the_horizon_stays_in_a_known_year(client, hall, frozen_now):
    slots_generate(outlet=hall.outlet, first_day=date(2026, 11, 26), days=6)
    page = client.get("/hall/CQ-YZ-H001/book/?category=pension").content.decode()
    assert 'data-testid="unannounced-year"' not in page and 'name="day"' in page
