"""An import of a long history (a province's file of every month since 2014) tells the person only of
recent months, the last three: nobody wants a notice about a contribution of 2014, and a province's file
would queue ten million of them."""

from datetime import date

from shebao.notify.models import Notice
from shebao.records.models import BenefitPayment
from shebao.records.services import ledger_import
from shebao.records.tests.helpers import CAST_ID, CONTRIBUTION_HEADER, PAYMENT_HEADER, an_employer, write_csv
from shebao.records.tests.test_import_of_a_long_history import month_line, months_back


def test_only_recent_months_are_told_to_the_person(cast, seeded, tmp_path):
    an_employer(cast)
    (old_year, old_month), *_, (last_year, last_month) = months_back(60)
    path = write_csv(tmp_path / "m.csv", CONTRIBUTION_HEADER, month_line(old_year, old_month + 1),
                     month_line(last_year, last_month + 1))  # fmt: skip
    ledger_import(path=path, kind="contributions")
    told = Notice.objects.filter(person=cast.person, scenario__code="contribution_received")
    assert list(told.values_list("period", flat=True)) == [f"{last_year}-{last_month + 1:02d}"]


def test_a_payment_history_is_applied_and_only_its_last_three_months_told(cast, seeded, tmp_path):
    months = months_back(24)
    lines = [f"{CAST_ID},employee_pension,{y}-{m + 1:02d},basic_part,3000.00,paid,6222021234567890,"
             for y, m in months]  # fmt: skip
    ledger_import(path=write_csv(tmp_path / "p.csv", PAYMENT_HEADER, *lines), kind="payments")
    assert BenefitPayment.objects.count() == 24
    assert BenefitPayment.objects.earliest("month").month == date(months[0][0], months[0][1] + 1, 1)
    told = Notice.objects.filter(person=cast.person, scenario__code="benefit_paid")
    recent = {f"{y}-{m + 1:02d}" for y, m in months[-3:]}
    assert set(told.values_list("period", flat=True)) == recent
