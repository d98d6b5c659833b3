"""An administrator enters next year's holiday notice before the calendar library has it, and time
limits that run into that year can be computed again (RULES.md: unknown years fail loudly until then)."""

from datetime import date

import pytest
from django.urls import reverse

from shebao.core import workdays
from shebao.core.models import HolidaySchedule
from shebao.testing import signed_in, signed_in_with_second_factor

pytestmark = pytest.mark.django_db

NEXT = workdays.library_years().stop  # the first year the library does not know


def admin_form(client, **fields):
    data = {
        "year": NEXT,
        "source": f"国务院办公厅关于{NEXT}年部分节假日安排的通知",
        "holiday_text": f"{NEXT}-01-01\n{NEXT}-02-05~{NEXT}-02-11",
        "make_up_text": "",
    }
    return client.post(reverse("admin:core_holidayschedule_add"), {**data, **fields})


def a_weekend_day(year, month):
    return next(date(year, month, d) for d in range(1, 8) if date(year, month, d).weekday() == 6)


def test_an_entered_notice_makes_its_year_known_to_time_limits(client, cast):
    last_day = date(NEXT - 1, 12, 31)
    with pytest.raises(workdays.CalendarUnknownYear):
        workdays.add_working_days(last_day, 5)
    sunday = a_weekend_day(NEXT, 1)  # the first Sunday of the year: right after New Year's Day
    assert sunday.day <= 3
    response = admin_form(signed_in_with_second_factor(client, cast.admin), make_up_text=sunday.isoformat())
    assert response.status_code == 302
    schedule = HolidaySchedule.objects.get(year=NEXT)
    assert len(schedule.holidays) == 8 and schedule.make_up_workdays == [sunday.isoformat()]
    # Saved here, the calendar knows at once (no waiting for the per-process cache).
    assert workdays.known_until() == NEXT
    assert not workdays.is_working_day(date(NEXT, 2, 8))
    assert workdays.is_working_day(sunday)
    assert workdays.add_working_days(last_day, 1) == sunday  # New Year's Day off, the Sunday worked
    assert client.get("/healthz").json()["working_day_calendar"]["known_until"] == NEXT


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"holiday_text": ""}, "holidays", "至少应包含元旦"),
        ({"year": NEXT - 1, "holiday_text": ""}, "holidays", "须列出所变更的日期"),
        ({"holiday_text": f"{NEXT + 1}-01-01"}, "holidays", "每个日期都必须在该安排的年份之内"),
        ({"holiday_text": f"{NEXT}-13-01"}, None, "不是日期"),
        ({"make_up_text": f"{NEXT}-03-03"}, "make_up_workdays", "调休上班日应为周六或周日"),
    ],
)
def test_a_wrong_notice_is_refused_with_a_reason_and_changes_nothing(client, cast, fields, field, message):
    if field == "make_up_workdays":
        fields = {
            "make_up_text": next(f"{NEXT}-03-0{d}" for d in range(1, 8) if date(NEXT, 3, d).weekday() < 5)
        }
    response = admin_form(signed_in_with_second_factor(client, cast.admin), **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HolidaySchedule.objects.exists()
    with pytest.raises(workdays.CalendarUnknownYear):
        workdays.is_working_day(date(NEXT, 3, 2))


def test_only_administrators_enter_holiday_schedules(client, cast):
    for user in (cast.manager, cast.outsider):
        response = admin_form(signed_in(client, user))
        assert response.status_code in (302, 403)
    assert not HolidaySchedule.objects.exists()
