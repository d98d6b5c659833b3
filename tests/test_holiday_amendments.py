"""An administrator amends a year the calendar library already knows (a late extension, as the Spring
Festival of 2020 was): the days the amendment lists win, every other day keeps the library's answer, and
open time limits are counted again. Weekend days inside an entered holiday period are holidays."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from shebao.cases import services
from shebao.cases.tests.helpers import make_world, new_key, pin_day
from shebao.core import workdays
from shebao.core.models import HolidaySchedule
from shebao.network.hours import DayKind, day_kind
from shebao.testing import signed_in_with_second_factor

pytestmark = pytest.mark.django_db

KNOWN = workdays.library_years().stop - 1  # the last year the library knows
NEXT = KNOWN + 1


def amend(client, cast, year, holidays="", make_up=""):
    data = {"year": year, "source": f"国务院办公厅关于{year}年节假日安排的补充通知", "holiday_text": holidays}
    return client.post(reverse("admin:core_holidayschedule_add"), {**data, "make_up_text": make_up})


def weekdays_of(year, month, first_day=1):
    """The weekdays of a month from first_day on, in order."""
    days = [date(year, month, d) for d in range(first_day, 29)]
    return [d for d in days if d.weekday() < 5 and workdays.is_working_day(d)]


def test_an_amendment_of_a_known_year_turns_only_its_listed_days(client, cast):
    extra_holiday, unchanged = weekdays_of(KNOWN, 12, 14)[:2]
    sunday = next(d for d in (date(KNOWN, 12, n) for n in range(14, 22)) if d.weekday() == 6)
    assert not workdays.is_working_day(sunday)
    signed_in_with_second_factor(client, cast.admin)
    response = amend(client, cast, KNOWN, extra_holiday.isoformat(), sunday.isoformat())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not workdays.is_working_day(extra_holiday)
    assert workdays.is_working_day(sunday)
    assert workdays.is_working_day(unchanged)
    assert workdays.is_public_holiday(extra_holiday)
    assert workdays.known_until() == KNOWN  # an amendment does not make next year known


def test_an_amendment_can_turn_a_make_up_working_day_into_a_holiday_as_in_2020(client, cast):
    # 2025-09-28, a Sunday worked in exchange for the National Day holiday (RULES.md example).
    make_up = date(2025, 9, 28)
    assert workdays.is_working_day(make_up)
    signed_in_with_second_factor(client, cast.admin)
    assert amend(client, cast, 2025, make_up.isoformat()).status_code == 302
    assert not workdays.is_working_day(make_up)
    assert workdays.add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 29)
    assert day_kind(make_up) == DayKind.HOLIDAY


def test_an_amendment_counts_open_time_limits_again(client, cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = make_world(cast)
    start = weekdays_of(KNOWN, 12, 1)[0]
    pin_day(monkeypatch, start)
    case = services.case_accept(
        teller=cast.teller,
        person=cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration", "termination_certificate"},
        idempotency_key=new_key(),
    ).case
    assert world and case.deadline == workdays.add_working_days(start, 5)
    signed_in_with_second_factor(client, cast.admin)
    assert amend(client, cast, KNOWN, workdays.add_working_days(start, 1).isoformat()).status_code == 302
    before = case.deadline
    case.refresh_from_db()
    assert case.deadline == workdays.next_working_day(before)
    assert case.events.filter(action="deadline_recounted").exists()


def test_weekend_days_inside_an_entered_holiday_period_are_holidays(client, cast):
    friday = next(date(NEXT, 2, d) for d in range(1, 8) if date(NEXT, 2, d).weekday() == 4)
    saturday, sunday, monday = (friday + timedelta(days=n) for n in (1, 2, 3))
    listed = [friday, monday, monday + timedelta(days=1)]  # the notice lists the period's weekdays only
    signed_in_with_second_factor(client, cast.admin)
    response = amend(client, cast, NEXT, f"{NEXT}-01-01\n" + "\n".join(d.isoformat() for d in listed))
    assert response.status_code == 302
    assert day_kind(saturday) == day_kind(sunday) == DayKind.HOLIDAY
    assert workdays.is_public_holiday(saturday)
    later_saturday = saturday + timedelta(days=14)
    assert day_kind(later_saturday) == DayKind.WEEKEND and not workdays.is_public_holiday(later_saturday)
    assert HolidaySchedule.objects.get(year=NEXT).holidays[0] == f"{NEXT}-01-01"
