"""An administrator enters a newly announced crediting rate in the admin (audited), and the account
credits that year's interest from then on; nobody else may."""

from datetime import date
from decimal import Decimal

from shebao.core.models import AuditEntry
from shebao.records.models import InterestRate
from shebao.records.selectors import person_account
from shebao.records.tests.helpers import a_batch, a_month
from shebao.testing import signed_in, signed_in_with_second_factor

NEW_YEAR = {"year": "2026", "rate_percent": "2.00", "announced_in": "人社厅函〔2027〕"}


def test_a_rate_entered_in_the_admin_earns_that_year_s_interest(client, cast):
    a_month(cast.person, a_batch(), month=date(2026, 12, 1), account_amount=Decimal("400.00"))
    before = person_account(cast.person, until=date(2026, 12, 31))
    assert before.missing_rates == [2026] and before.balance == Decimal("400.00")
    admin = signed_in_with_second_factor(client, cast.admin)
    assert admin.post("/admin/records/interestrate/add/", NEW_YEAR).status_code == 302
    after = person_account(cast.person, until=date(2026, 12, 31))
    # December's 400.00 for one month at 2.00%: 400 × 0.02 / 12 = 0.67
    assert after.missing_rates == [] and after.balance == Decimal("400.67")
    assert AuditEntry.objects.filter(action="records.interestrate.added", actor_id=cast.admin.pk).exists()


def test_staff_who_are_not_administrators_cannot_enter_a_rate(client, cast):
    response = signed_in(client, cast.manager).post("/admin/records/interestrate/add/", NEW_YEAR)
    assert response.status_code in (302, 403)
    assert not InterestRate.objects.filter(year=2026).exists()
