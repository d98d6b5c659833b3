"""A time limit that runs into a year whose holidays are not announced yet does not stop service: the
case is accepted with a provisional limit (that year's weekdays), marked wherever it is shown, and
counted again, with the applicant told, when an administrator enters the year's notice (RULES.md)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from shebao.cases.models import Case
from shebao.cases.tests.helpers import pin_day
from shebao.cases.tests.test_api_cases import submit
from shebao.core import workdays
from shebao.core.messaging import TextMessage
from shebao.core.models import HolidaySchedule
from shebao.testing import signed_in, signed_in_with_second_factor

pytestmark = pytest.mark.django_db

NEXT = workdays.library_years().stop  # the first year the library does not know
START = date(NEXT - 1, 12, 28)  # at most three weekdays left in the year: 5 working days reach into NEXT


@pytest.fixture(autouse=True)
def _no_entered_years():
    workdays.use_supplement(None)
    yield
    from shebao.core import holidays

    workdays.use_supplement(holidays.load_schedules)


def _enter_notice(cast, holidays: str) -> None:
    admin = signed_in_with_second_factor(Client(), cast.admin)
    data = {"year": NEXT, "source": f"国务院办公厅关于{NEXT}年部分节假日安排的通知", "holiday_text": holidays}
    response = admin.post(reverse("admin:core_holidayschedule_add"), {**data, "make_up_text": ""})
    assert response.status_code == 302


def test_a_limit_into_an_unannounced_year_is_provisional_marked_and_counted_again(client, world, monkeypatch):
    from shebao.core import holidays

    workdays.use_supplement(holidays.load_schedules)
    pin_day(monkeypatch, START)
    signed_in(client, world.cast.teller)
    response = submit(client, world)
    assert response.status_code == 201, response.content  # not refused: service goes on
    out = response.json()["cases"][0]
    assert out["deadline_provisional"] is True
    case = Case.objects.get(number=out["number"])
    assert case.deadline.year == NEXT and case.deadline_from == START and case.deadline_days == 5
    # Marked on the receipt, the staff page and the text the applicant got.
    receipt = client.get(reverse("cases:receipt", args=[case.number])).content.decode()
    assert f"{case.deadline:%Y-%m-%d}（暂定）" in receipt
    detail = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert f"{case.deadline:%Y-%m-%d}（暂定）" in detail
    accepted_text = TextMessage.objects.get(purpose="cases.accepted")
    assert f"{case.deadline:%Y-%m-%d}（暂定）" in accepted_text.body

    old = case.deadline
    _enter_notice(world.cast, f"{NEXT}-01-01~{NEXT}-01-07")  # a week off: every date in it moves
    case.refresh_from_db()
    assert HolidaySchedule.objects.filter(year=NEXT).exists()
    assert case.deadline == workdays.add_working_days(START, 5) and case.deadline > old
    assert case.events.filter(action="deadline_recounted").exists()
    told = TextMessage.objects.get(purpose="cases.deadline_recounted")
    assert f"{case.deadline:%Y-%m-%d}" in told.body and f"{old:%Y-%m-%d}" in told.body
    assert "（暂定）" not in client.get(reverse("cases:detail", args=[case.number])).content.decode()


def test_a_deferred_material_due_in_an_unannounced_year_is_counted_again_too(client, world, monkeypatch):
    from shebao.core import holidays

    workdays.use_supplement(holidays.load_schedules)
    pin_day(monkeypatch, START)
    signed_in(client, world.cast.teller)
    out = submit(client, world).json()["cases"][0]  # the termination certificate may follow in 10 days
    case = Case.objects.get(number=out["number"])
    deferred = case.materials.get(status="deferred")
    assert deferred.due.year == NEXT and case.deficiency_due == deferred.due
    _enter_notice(world.cast, f"{NEXT}-01-01~{NEXT}-01-07")
    deferred.refresh_from_db()
    case.refresh_from_db()
    assert deferred.due == workdays.add_working_days(START, 10)
    assert case.deficiency_due == deferred.due
