"""Insurance stopped (停保提醒, seed 001): an employee whose employer's file for last month came without
them is told once, with what they can do now; not while the employer's file has not come, not when they
went on paying as a flexible worker, not for the months they are still paid for."""

from datetime import date

import pytest

from shebao.notify.models import Delivery, Notice
from shebao.notify.scans import scan_notices
from shebao.notify.tests.test_daily_scans import insured
from shebao.people.models import Employer
from shebao.records.tests.helpers import a_batch, a_month

pytestmark = pytest.mark.django_db
DAY = date(2026, 12, 3)  # last month: 2026-11


@pytest.fixture
def factory(cast):
    return Employer.objects.create(
        credit_code="91500103MA5U7W7X2K", name="重庆山城机械厂", home_agency=cast.yuzhong
    )


def _employed(name, employer, months, batch, agency):
    person = insured(name, "M", date(1980, 1, 1), agency, employer)
    for month in months:
        a_month(person, batch, month=month, employer=employer)
    return person


def test_the_one_left_out_of_the_employer_s_file_is_told_once(cast, seeded, factory):
    batch = a_batch()
    oct_, nov = date(2026, 10, 1), date(2026, 11, 1)
    left = _employed("王离职", factory, [oct_], batch, cast.yuzhong)
    _employed("李在职", factory, [oct_, nov], batch, cast.yuzhong)
    went_flexible = _employed("赵灵活", factory, [oct_], batch, cast.yuzhong)
    a_month(went_flexible, batch, month=nov, employer=None, employer_amount=0, personal_amount=1000)
    assert scan_notices(DAY)["insurance_stopped"] == 1
    notice = Notice.objects.get(scenario__code="insurance_stopped")
    assert notice.person == left and notice.period == "2026-11"
    sms = Delivery.objects.get(notice=notice, channel="sms")
    assert "重庆山城机械厂" in sms.body and "2026-11" in sms.body and "失业" in sms.body
    assert scan_notices(DAY)["insurance_stopped"] == 0  # a re-run: nothing twice
    assert scan_notices(date(2026, 12, 20))["insurance_stopped"] == 0  # later the same month: still once


def test_nothing_is_said_before_the_employer_s_file_for_the_month_has_come(cast, seeded, factory):
    batch = a_batch()
    _employed("王甲", factory, [date(2026, 10, 1)], batch, cast.yuzhong)
    _employed("王乙", factory, [date(2026, 10, 1)], batch, cast.yuzhong)
    assert scan_notices(DAY)["insurance_stopped"] == 0
