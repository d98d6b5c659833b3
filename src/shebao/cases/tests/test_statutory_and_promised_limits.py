"""法定时限 and 承诺时限 are separate: the promised limit (working days) never runs past the statutory one,
which may be counted in calendar days (work-injury recognition: 60 days, 《工伤保险条例》 art. 20). Forty
working days from 8 January 2026 would end after the Spring Festival, past the 60 calendar days."""

import csv
from datetime import date
from pathlib import Path

import pytest

from shebao.cases import services
from shebao.cases.tests.helpers import _item, new_key, pin_day
from shebao.catalog import statutory
from shebao.catalog.statutory import CALENDAR, WORKING, StatutoryLimit, statutory_limit
from shebao.core import workdays

RECOGNITION = [("resident_id_card", "居民身份证", "required", None)]


def accept_recognition(world, monkeypatch, day):
    _item(
        "WI001", "工伤认定申请", risk="high", instant=False, tiers=["premium"], days=40, materials=RECOGNITION
    )
    world.agreement.scope_items = [*world.agreement.scope_items, "WI001"]
    world.agreement.save(update_fields=["scope_items"])
    pin_day(monkeypatch, day)
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="WI001",
        received={"resident_id_card"},
        idempotency_key=new_key(),
    ).case


def test_work_injury_recognition_is_60_calendar_days_by_regulation():
    limit = statutory_limit("WI001")
    assert (limit.days, limit.unit) == (60, CALENDAR) and "第二十条" in limit.basis
    transfer = statutory_limit("TRA001")
    assert (transfer.days, transfer.unit) == (45, WORKING)


def test_a_promise_that_would_overrun_the_statutory_calendar_days_is_cut_to_them(world, monkeypatch):
    day = date(2026, 1, 8)
    assert workdays.add_working_days(day, 40) > date(2026, 3, 9)  # the promise alone would overrun
    case = accept_recognition(world, monkeypatch, day)
    assert case.deadline == date(2026, 3, 9)  # 8 January + 60 days, a Monday
    assert case.deadline_days == workdays.working_days_between(day, date(2026, 3, 9))


def test_a_promise_inside_the_statutory_limit_is_kept(world, monkeypatch):
    day = date(2026, 11, 3)
    case = accept_recognition(world, monkeypatch, day)
    assert case.deadline == workdays.add_working_days(day, 40) and case.deadline_days == 40


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (date(2026, 1, 10), 60, date(2026, 3, 11)),  # an ordinary Wednesday
        (date(2025, 8, 2), 60, date(2025, 10, 9)),  # lands on National Day: the first day back
        (date(2026, 1, 8), 2, date(2026, 1, 12)),  # lands on a Saturday: the Monday after
    ],
)
def test_calendar_days_ending_on_a_day_off_end_on_the_next_working_day(start, days, end):
    assert StatutoryLimit(days, CALENDAR, "民法典第二百零三条").deadline(start) == end


def seed_items() -> dict[str, dict]:
    with (Path(statutory.__file__).parent / "data" / "items.csv").open(encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


def test_every_statutory_limit_names_a_catalogue_item_and_no_working_day_promise_exceeds_it():
    items = seed_items()
    for code, limit in statutory.statutory_limits().items():
        assert code in items, code
        if limit.unit == WORKING:
            assert int(items[code]["time_limit_days"]) <= limit.days, code


def test_the_transfer_promise_is_the_45_working_days_of_the_regulation():
    assert seed_items()["TRA001"]["time_limit_days"] == "45"  # seed 001: 45 个工作日
