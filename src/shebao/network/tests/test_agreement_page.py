"""The agreement page: the manager of the point sees the partner, the point, status, validity, the next
review (flagged when overdue or close), the items in scope against the tier's, who is authorised for
each step and the agreement's history; authorises and revokes staff there and suspends, resumes or ends
it. Everyone else is refused, GET included."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shebao.core.models import Role
from shebao.core.permissions import can
from shebao.network import services
from shebao.network.models import AgreementStaff, AgreementStatus
from shebao.testing import make_staff, signed_in

from .helpers import small_network

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


@pytest.fixture
def agreement(cast, catalogue):
    return small_network(cast)[1]


def page_url(agreement) -> str:
    return reverse("network:agreement", args=[agreement.number])


def test_the_manager_sees_the_agreement_its_scope_staff_and_history(
    client, cast, agreement, jiangbei_manager
):
    services.agreement_suspend(actor=jiangbei_manager, agreement=agreement, reason="年度考核不合格")
    page = signed_in(client, jiangbei_manager).get(page_url(agreement), headers=EN)
    html = page.content.decode()
    assert page.status_code == 200
    assert "重庆农商行" in html and reverse("network:outlet", args=[cast.bank_point.code]) in html
    assert "年度考核不合格" in html and timezone.localdate().isoformat() in html  # status, since, reason
    assert "PEN-CERT (English)" in html and "STMT-PRINT (English)" in html  # names from the catalogue
    assert "2 of the 2 items of a Basic point are in scope." in html
    assert 'data-testid="authorised-accept-teller"' in html and "王柜员" in html
    history = page.context["d"].history
    assert [line.what for line in history] == ["Suspended"]
    assert history[0].who == "江北主任" and history[0].detail == "年度考核不合格"
    assert 'data-testid="agreement-resume"' in html and 'data-testid="agreement-suspend"' not in html


def test_an_item_dropped_from_the_tier_or_the_catalogue_is_named(client, cast, agreement, jiangbei_manager):
    agreement.scope_items = ["PEN-CERT", "EMP-REG", "GONE-1"]
    agreement.save()
    html = signed_in(client, jiangbei_manager).get(page_url(agreement), headers=EN).content.decode()
    assert "1 of the 2 items of a Basic point are in scope." in html
    assert "a Basic point may not handle them: EMP-REG (English)" in html
    assert "Withdrawn from the catalogue: GONE-1" in html


@pytest.mark.parametrize("days, flag", [(-1, "overdue"), (30, "soon"), (31, None)])
def test_the_next_review_is_flagged_when_overdue_or_within_30_days(
    client, cast, agreement, jiangbei_manager, days, flag
):
    agreement.next_review = timezone.localdate() + timedelta(days=days)
    agreement.save()
    page = signed_in(client, jiangbei_manager).get(page_url(agreement))
    assert page.context["d"].review == flag
    assert ('data-testid="review-flag"' in page.content.decode()) == (flag is not None)
    listing = client.get(reverse("network:overseen"), {"q": cast.bank_point.code})
    assert reverse("network:agreement", args=[agreement.number]) in listing.content.decode()


def test_authorising_and_revoking_through_the_page_changes_what_the_teller_may_do(
    client, cast, agreement, jiangbei_manager
):
    teller, point = cast.teller.staff, cast.bank_point
    c = signed_in(client, jiangbei_manager)
    assert not can(cast.teller, "network.outlet.check_materials", (point, "PEN-CERT"))

    response = c.post(
        reverse("network:agreement_authorise", args=[agreement.number]), {"staff": teller.pk, "step": "check"}
    )
    assert response.status_code == 302 and response["Location"] == page_url(agreement)
    assert can(cast.teller, "network.outlet.check_materials", (point, "PEN-CERT"))

    c.post(
        reverse("network:agreement_revoke", args=[agreement.number]), {"staff": teller.pk, "step": "accept"}
    )
    assert not can(cast.teller, "network.outlet.accept_item", (point, "PEN-CERT"))
    assert can(cast.teller, "network.outlet.check_materials", (point, "PEN-CERT"))
    whats = [line.what for line in c.get(page_url(agreement), headers=EN).context["d"].history]
    assert whats == ["Authorised", "Authorisation revoked"]


def test_authorising_staff_of_another_point_shows_the_service_s_reason(
    client, cast, agreement, jiangbei_manager
):
    other = make_staff("hall-teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=cast.yuzhong_hall)
    c = signed_in(client, jiangbei_manager)
    url = reverse("network:agreement_authorise", args=[agreement.number])
    page = c.post(url, {"staff": other.staff.pk, "step": "accept"}, headers=EN, follow=True)
    assert "Only staff of this point can be authorised under its agreement." in page.content.decode()
    page = c.post(url, {"staff": "", "step": "accept"}, headers=EN, follow=True)
    assert "Choose a member of staff." in page.content.decode()
    assert list(AgreementStaff.objects.values_list("staff_id", flat=True)) == [cast.teller.staff.pk]


def test_nobody_is_authorised_under_an_ended_agreement(client, cast, agreement, jiangbei_manager):
    services.agreement_end(actor=jiangbei_manager, agreement=agreement, reason="合作到期")
    c = signed_in(client, jiangbei_manager)
    html = c.get(page_url(agreement)).content.decode()
    assert 'data-testid="authorise-form"' not in html and 'data-testid="sign-new"' in html
    page = c.post(
        reverse("network:agreement_authorise", args=[agreement.number]),
        {"staff": cast.teller.staff.pk, "step": "check"},
        headers=EN,
        follow=True,
    )
    assert "The agreement has ended" in page.content.decode()
    assert not AgreementStaff.objects.filter(step="check").exists()


def test_suspending_from_the_agreement_page_comes_back_to_it(client, cast, agreement, jiangbei_manager):
    c = signed_in(client, jiangbei_manager)
    response = c.post(
        reverse("network:agreement_change", args=[agreement.number, "suspend"]),
        {"reason": "考核不合格", "back": "agreement"},
    )
    assert response["Location"] == page_url(agreement)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SUSPENDED


def test_the_outlet_page_and_the_list_link_to_the_agreement_and_to_signing(
    client, cast, agreement, jiangbei_manager
):
    c = signed_in(client, jiangbei_manager)
    outlet_page = c.get(reverse("network:outlet", args=[cast.bank_point.code])).content.decode()
    assert page_url(agreement) in outlet_page and 'data-testid="sign-agreement"' not in outlet_page
    services.agreement_end(actor=jiangbei_manager, agreement=agreement, reason="合作到期")
    sign = reverse("network:agreement_new", args=[cast.bank_point.code])
    assert sign in c.get(reverse("network:outlet", args=[cast.bank_point.code])).content.decode()
    assert sign in c.get(reverse("network:overseen")).content.decode()


@pytest.mark.parametrize("who", ["teller", "outsider", "reviewer", "manager"])
def test_others_are_refused_the_page_and_its_forms(client, cast, agreement, who):
    """The cast's manager is Yuzhong's: the Jiangbei bank point is not theirs."""
    c = signed_in(client, getattr(cast, who))
    assert c.get(page_url(agreement)).status_code == 403
    staff = {"staff": cast.teller.staff.pk, "step": "check"}
    assert c.post(reverse("network:agreement_authorise", args=[agreement.number]), staff).status_code == 403
    assert c.post(reverse("network:agreement_revoke", args=[agreement.number]), staff).status_code == 403
    assert c.get(reverse("network:agreement_new", args=[cast.bank_point.code])).status_code == 403
    assert list(AgreementStaff.objects.values_list("step", flat=True)) == ["accept"]


def test_an_unknown_number_is_404_for_a_manager_and_403_for_others(client, cast, agreement, jiangbei_manager):
    url = reverse("network:agreement", args=["XY-NONE"])
    assert signed_in(client, jiangbei_manager).get(url).status_code == 404
    assert signed_in(client, cast.teller).get(url).status_code == 403


def test_the_list_reads_the_agreements_in_the_same_queries_however_many_points(
    client, cast, agreement, jiangbei_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shebao.core.models import Outlet
    from shebao.network.models import Agreement

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("network:overseen")).status_code == 200
        return len(captured)

    signed_in(client, jiangbei_manager)
    queries()  # the first page of a session also reads what is cached afterwards
    one = queries()
    for i in range(3):
        point = Outlet.objects.create(
            code=f"JB-B{i}",
            name=f"银行{i}",
            agency=cast.jiangbei,
            level="cooperation",
            kind="bank",
            latitude=29.5,
            longitude=106.5,
        )
        Agreement.objects.create(
            outlet=point,
            number=f"XY-{i}",
            partner="银行",
            scope_items=["PEN-CERT"],
            valid_from=agreement.valid_from,
            valid_until=agreement.valid_until,
        )
    queries()  # new outlets replace the users stamp (core.backends): this request reads the user again
    assert queries() == one
