"""A manager signs a partner point's agreement on its page: the scope is chosen from the items of the
point's tier, the first authorisations come with it, and its tellers may accept those items at once.
Every reason to refuse is shown at once, and a refusal leaves nothing behind; a point with an
agreement in force is told to end it first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shebao.core.errors import InvalidTransition, ValidationFailed
from shebao.core.models import AuditEntry, Role
from shebao.core.permissions import can
from shebao.network import selectors, services
from shebao.network.models import Agreement, AgreementStaff, AgreementStatus
from shebao.testing import make_staff, signed_in

from .helpers import small_network

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}
TODAY = timezone.localdate()  # the service's today (Asia/Shanghai)


def sign_url(cast) -> str:
    return reverse("network:agreement_new", args=[cast.bank_point.code])


def form(cast, **changes) -> dict:
    data = {
        "number": "JB-2025-007",
        "partner": "重庆农村商业银行江北支行",
        "valid_from": TODAY.isoformat(),
        "valid_until": (TODAY + timedelta(days=3 * 365)).isoformat(),
        "next_review": (TODAY + timedelta(days=365)).isoformat(),
        "duties": "设立社保专窗，配备经培训的柜员。",
        "review_conditions": "每年考核一次。",
        "exit_conditions": "考核不合格且整改不到位的，终止合作。",
        "scope": ["PEN-CERT", "STMT-PRINT"],
        "auth": [f"{cast.teller.staff.pk}:accept"],
    }
    data.update(changes)
    return data


def nothing_written() -> bool:
    return not Agreement.objects.exists() and not AgreementStaff.objects.exists()


def test_the_form_offers_the_tier_s_items_and_the_point_s_tellers(client, cast, catalogue, jiangbei_manager):
    page = signed_in(client, jiangbei_manager).get(sign_url(cast))
    assert page.status_code == 200
    offered = {code for _label, choices in page.context["scope_groups"] for code, _n, _c in choices}
    assert offered == {"PEN-CERT", "STMT-PRINT"}  # a basic point: not the premium or hall-only items
    assert [teller for teller, _steps in page.context["staff_rows"]] == [cast.teller.staff]


def test_signing_through_the_form_lets_the_point_s_teller_accept_the_items(
    client, cast, catalogue, jiangbei_manager
):
    assert not selectors.outlet_may_accept(cast.bank_point, "STMT-PRINT")
    response = signed_in(client, jiangbei_manager).post(sign_url(cast), form(cast))

    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("network:agreement", args=[agreement.number])
    assert agreement.status == AgreementStatus.ACTIVE and agreement.scope_items == ["PEN-CERT", "STMT-PRINT"]
    assert agreement.partner == "重庆农村商业银行江北支行" and agreement.next_review == TODAY + timedelta(
        days=365
    )
    assert selectors.outlet_may_accept(cast.bank_point, "STMT-PRINT")
    assert can(cast.teller, "network.outlet.accept_item", (cast.bank_point, "STMT-PRINT"))
    assert not can(cast.teller, "network.outlet.check_materials", (cast.bank_point, "STMT-PRINT"))
    logged = AuditEntry.objects.filter(object_id=str(agreement.pk)).order_by("seq")
    assert list(logged.values_list("action", flat=True)) == [
        "network.agreement.signed",
        "network.agreement.authorised",  # the first authorisations are in the history too
    ]


def test_select_the_tier_s_items_ticks_them_all_and_signs_nothing(client, cast, catalogue, jiangbei_manager):
    c = signed_in(client, jiangbei_manager)
    page = c.post(sign_url(cast), form(cast, scope=[], select="tier"))
    ticked = {code for _label, choices in page.context["scope_groups"] for code, _n, on in choices if on}
    assert ticked == {"PEN-CERT", "STMT-PRINT"}
    assert page.context["form"]["number"] == "JB-2025-007"  # what was typed stays
    assert nothing_written()
    cleared = c.post(sign_url(cast), form(cast, select="none"))
    assert not any(on for _label, choices in cleared.context["scope_groups"] for _c, _n, on in choices)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"scope": ["PEN-CERT", "NO-SUCH"]}, "scope_items", "Unknown service items: NO-SUCH"),
        ({"scope": ["EMP-REG"]}, "scope_items", "Not among the items of a Basic point"),
        ({"scope": []}, "scope_items", "Choose at least one service item."),
        ({"valid_until": "2020-01-01"}, "valid_until", "The end date is before the start date."),
        ({"valid_until": ""}, "valid_until", "Please give the end date."),
        ({"valid_from": "2025-02-30"}, "valid_from", "Please give the start date."),
        ({"number": " "}, "number", "Please give the agreement number."),
        ({"partner": "x" * 121}, "partner", "At most 120 characters."),
        ({"next_review": "2099-01-01"}, "next_review", "The next review must fall within"),
        ({"auth": ["999999:accept"]}, "staff", "Choose a member of staff."),
    ],
)
def test_each_refusal_is_shown_with_its_reason_and_nothing_is_saved(
    client, cast, catalogue, jiangbei_manager, changes, field, message
):
    response = signed_in(client, jiangbei_manager).post(sign_url(cast), form(cast, **changes), headers=EN)
    assert response.status_code == 422
    assert message in str(response.context["error"].fields[field])
    assert message in response.content.decode()
    assert nothing_written() and not AuditEntry.objects.filter(action__startswith="network.").exists()


def test_every_reason_is_shown_at_once(client, cast, catalogue, jiangbei_manager):
    bad = form(cast, number="", partner="", scope=[], valid_until="2000-01-01")
    response = signed_in(client, jiangbei_manager).post(sign_url(cast), bad)
    assert set(response.context["error"].fields) == {"number", "partner", "scope_items", "valid_until"}
    assert nothing_written()


def test_staff_of_another_point_or_a_non_teller_cannot_be_authorised_and_nothing_is_saved(
    client, cast, catalogue, jiangbei_manager
):
    hall_teller = make_staff("hall-teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=cast.yuzhong_hall)
    guide = make_staff("bank-guide", "吴引导", cast.jiangbei, [Role.GUIDE], outlet=cast.bank_point)
    c = signed_in(client, jiangbei_manager)
    for who, message in (
        (hall_teller, "Only staff of this point can be authorised under its agreement."),
        (guide, "Only active tellers can be authorised: 吴引导 is not one."),
    ):
        response = c.post(sign_url(cast), form(cast, auth=[f"{who.staff.pk}:accept"]), headers=EN)
        assert response.status_code == 422 and message in response.content.decode()
    assert nothing_written()


def test_a_duplicate_number_is_refused_by_name(client, cast, catalogue, jiangbei_manager):
    small_network(cast)  # XY-TEST-1 at the bank point; end it so that only the number is in the way
    services.agreement_end(actor=jiangbei_manager, agreement=Agreement.objects.get(), reason="到期")
    response = signed_in(client, jiangbei_manager).post(
        sign_url(cast), form(cast, number="XY-TEST-1"), headers=EN
    )
    assert "Another agreement already has this number." in response.content.decode()
    assert Agreement.objects.count() == 1


def test_a_point_with_an_agreement_in_force_is_told_to_end_it_first(
    client, cast, catalogue, jiangbei_manager
):
    _village, agreement = small_network(cast)
    c = signed_in(client, jiangbei_manager)
    page = c.get(sign_url(cast))
    html = page.content.decode()
    assert 'data-testid="in-force"' in html and 'data-testid="sign-form"' not in html
    assert reverse("network:agreement", args=[agreement.number]) in html
    response = c.post(sign_url(cast), form(cast), headers=EN)
    assert response.status_code == 409
    assert "This point already has an agreement in force: end it first." in response.content.decode()
    assert Agreement.objects.count() == 1


def test_a_renewal_starts_from_the_ended_agreement_s_terms(client, cast, catalogue, jiangbei_manager):
    _village, agreement = small_network(cast)
    agreement.duties = "设立社保专窗。"
    agreement.save()
    services.agreement_end(actor=jiangbei_manager, agreement=agreement, reason="到期换签")
    page = signed_in(client, jiangbei_manager).get(sign_url(cast))
    assert (
        page.context["form"]["partner"] == "重庆农商行" and page.context["form"]["duties"] == "设立社保专窗。"
    )
    assert page.context["form"]["scope"] == {"PEN-CERT", "STMT-PRINT"}
    assert page.context["form"]["auth"] == {f"{cast.teller.staff.pk}:accept"}
    assert page.context["form"]["number"] == ""  # a new agreement, a new number


def test_a_point_that_is_not_a_partner_s_gets_no_form(client, cast, catalogue):
    page = signed_in(client, cast.manager).get(
        reverse("network:agreement_new", args=[cast.yuzhong_hall.code])
    )
    assert page.status_code == 200 and 'data-testid="not-partner"' in page.content.decode()
    with pytest.raises(ValidationFailed) as refused:
        services.agreement_sign(
            actor=cast.manager,
            outlet=cast.yuzhong_hall,
            number="YZ-1",
            partner="x",
            scope_items=["PEN-CERT"],
            valid_from=TODAY,
            valid_until=TODAY,
        )
    assert "outlet" in refused.value.fields and nothing_written()


def test_the_service_refuses_a_second_active_agreement(cast, catalogue, jiangbei_manager):
    small_network(cast)
    with pytest.raises(InvalidTransition):
        services.agreement_sign(
            actor=jiangbei_manager,
            outlet=cast.bank_point,
            number="JB-2",
            partner="x",
            scope_items=["PEN-CERT"],
            valid_from=TODAY,
            valid_until=TODAY,
        )
    assert Agreement.objects.count() == 1


def test_a_closed_point_signs_nothing(client, cast, catalogue, jiangbei_manager):
    cast.bank_point.status = "closed"
    cast.bank_point.save()
    response = signed_in(client, jiangbei_manager).post(sign_url(cast), form(cast), headers=EN)
    assert "The point is closed: it cannot sign an agreement." in response.content.decode()
    assert nothing_written()
