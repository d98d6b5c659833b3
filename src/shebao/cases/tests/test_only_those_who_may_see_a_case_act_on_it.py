"""Object-level authorisation of case actions (issue 12): the right to the case is decided first, from the
case as stored, never from an outlet named in the request; a case the actor may not see answers exactly
like one that does not exist, whatever its state."""

import json
import re

import pytest

from shebao.cases import services
from shebao.cases.models import Case
from shebao.cases.states import CaseState
from shebao.cases.tests.helpers import accept_unemployment_case, new_key
from shebao.core.models import Outlet, OutletKind, OutletLevel, Role
from shebao.network.models import AgreementStaff, AgreementStatus, Step
from shebao.testing import make_staff, signed_in

UNKNOWN = "500103-20261124-99999"


@pytest.fixture
def far_teller(world):
    """A teller at Wanzhou's own hall: a real teller, with a window of their own, but not of these cases."""
    hall = Outlet.objects.create(
        code="CQ-WZ-H001",
        name="万州区社保服务大厅",
        agency=world.cast.wanzhou,
        level=OutletLevel.DISTRICT,
        kind=OutletKind.AGENCY_HALL,
        latitude=30.8078,
        longitude=108.4089,
    )
    return make_staff("teller.wanzhou", "周柜员", world.cast.wanzhou, [Role.TELLER], outlet=hall)


@pytest.fixture
def completed(world):
    """A record print accepted at the bank point: instant, so completed at once and ready to hand over."""
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-REC",
        received={"resident_id_card"},
        idempotency_key=new_key(),
    ).case


def api_post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def page_body(response, number: str) -> str:
    """The page with what differs by nature taken out (a fresh CSRF token each time, the address asked
    for); everything else must be the same."""
    body = response.content.decode().replace(number, "NUMBER")
    body = re.sub(r'"X-CSRFToken": "[^"]*"', "", body)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def deliver_at_own_window(user):
    return {"action": "deliver", "method": "window", "outlet": user.staff.outlet.code}


def test_a_teller_elsewhere_cannot_mark_a_case_delivered_through_the_page(
    client, world, far_teller, completed
):
    signed_in(client, far_teller)
    response = client.post(f"/cases/{completed.number}/act/", deliver_at_own_window(far_teller))
    assert response.status_code == 404
    completed.refresh_from_db()
    assert completed.state == CaseState.COMPLETED and completed.delivered_at is None
    assert completed.delivery_outlet_id is None
    assert not completed.events.filter(action="delivered").exists()


def test_a_teller_elsewhere_cannot_mark_a_case_delivered_through_the_api(
    client, world, far_teller, completed
):
    signed_in(client, far_teller)
    response = api_post(
        client, f"/api/v1/cases/{completed.number}/actions", deliver_at_own_window(far_teller)
    )
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    completed.refresh_from_db()
    assert completed.state == CaseState.COMPLETED and completed.delivery_outlet_id is None


def test_a_case_out_of_sight_answers_like_one_that_does_not_exist_whatever_its_state(
    client, world, far_teller, completed
):
    open_case = accept_unemployment_case(world, {"resident_id_card", "unemployment_registration"})
    signed_in(client, far_teller)
    numbers = (UNKNOWN, completed.number, open_case.number)
    # (A supplement is open to any window of the network, this one included: it is not in this list.)
    for action in (deliver_at_own_window(far_teller), {"action": "claim"}, {"action": "approve"}):
        api = [api_post(client, f"/api/v1/cases/{n}/actions", action) for n in numbers]
        assert {r.status_code for r in api} == {404}, action
        assert api[0].json() == api[1].json() == api[2].json(), action
        pages = [(client.post(f"/cases/{n}/act/", action), n) for n in numbers]
        assert {r.status_code for r, _ in pages} == {404}, action
        assert len({page_body(r, n) for r, n in pages}) == 1, action
    seen = [client.get(f"/cases/{n}/") for n in (UNKNOWN, completed.number)]
    assert [r.status_code for r in seen] == [404, 404]
    assert page_body(seen[0], UNKNOWN) == page_body(seen[1], completed.number)
    assert Case.objects.get(pk=completed.pk).state == CaseState.COMPLETED
    assert Case.objects.get(pk=open_case.pk).state == CaseState.ACCEPTED


def test_the_outlet_in_the_request_does_not_give_the_right_to_hand_over(client, world, completed):
    """The bank teller may hand over at their own window only; naming another outlet changes nothing."""
    signed_in(client, world.cast.teller)
    body = {"action": "deliver", "method": "window", "outlet": world.cast.yuzhong_hall.code}
    response = api_post(client, f"/api/v1/cases/{completed.number}/actions", body)
    assert response.status_code == 422 and "outlet" in response.json()["error"]["fields"]
    completed.refresh_from_db()
    assert completed.state == CaseState.COMPLETED and completed.delivery_outlet_id is None
    done = api_post(
        client, f"/api/v1/cases/{completed.number}/actions", deliver_at_own_window(world.cast.teller)
    )
    assert done.status_code == 200 and done.json()["state"] == CaseState.DELIVERED
    assert Case.objects.get(pk=completed.pk).delivery_outlet == world.cast.bank_point


def test_the_pick_up_point_the_applicant_chose_hands_over(client, world, far_teller, completed):
    """Stored data decides: once the applicant chose a pick-up point, its teller may hand over there."""
    Case.objects.filter(pk=completed.pk).update(delivery_outlet=far_teller.staff.outlet)
    signed_in(client, far_teller)
    response = client.post(f"/cases/{completed.number}/act/", deliver_at_own_window(far_teller))
    assert response.status_code == 302
    assert Case.objects.get(pk=completed.pk).state == CaseState.DELIVERED


@pytest.mark.parametrize("change", ["suspended", "ended", "not_named"])
def test_a_partner_teller_hands_over_only_under_an_agreement_that_names_them(
    client, world, completed, change
):
    """Issue 13: hand-over is a delegated step like accept; a suspended or ended agreement, or one that does
    not name the teller for it, stops it at once."""
    if change == "not_named":
        AgreementStaff.objects.filter(step=Step.HAND_OVER).delete()
    else:
        world.agreement.status = AgreementStatus.SUSPENDED if change == "suspended" else AgreementStatus.ENDED
        world.agreement.save(update_fields=["status"])
    signed_in(client, world.cast.teller)
    api = api_post(
        client, f"/api/v1/cases/{completed.number}/actions", deliver_at_own_window(world.cast.teller)
    )
    # Still named for accepting, the teller sees the case and is refused; without an agreement in force,
    # the case is out of sight altogether.
    assert api.status_code == (403 if change == "not_named" else 404)
    page = client.post(
        f"/cases/{completed.number}/act/", deliver_at_own_window(world.cast.teller), follow=True
    )
    assert page.status_code == (200 if change == "not_named" else 404)
    if change == "not_named":
        assert "您无权进行此操作。" in page.content.decode()
    completed.refresh_from_db()
    assert completed.state == CaseState.COMPLETED and completed.delivered_at is None


@pytest.mark.parametrize("change", ["suspended", "not_named"])
def test_a_partner_teller_checks_a_supplement_only_under_the_agreement(client, world, change):
    """Recording a supplied paper material is the delegated check step (材料审核)."""
    case = accept_unemployment_case(world, {"resident_id_card", "unemployment_registration"})
    if change == "not_named":
        AgreementStaff.objects.filter(step=Step.CHECK).delete()
    else:
        world.agreement.status = AgreementStatus.SUSPENDED
        world.agreement.save(update_fields=["status"])
    signed_in(client, world.cast.teller)
    response = client.post(
        f"/cases/{case.number}/act/", {"action": "supplement", "material": "termination_certificate"}
    )
    # Named for accepting only, the teller still sees the case and is told no; otherwise it is out of sight.
    assert response.status_code == (302 if change == "not_named" else 404)
    material = case.materials.get(key="termination_certificate")
    assert material.status == "deferred" and material.supplied_at is None


def test_a_partner_teller_under_the_agreement_checks_a_supplement(client, world):
    case = accept_unemployment_case(world, {"resident_id_card", "unemployment_registration"})
    signed_in(client, world.cast.teller)
    response = client.post(
        f"/cases/{case.number}/act/", {"action": "supplement", "material": "termination_certificate"}
    )
    assert response.status_code == 302
    assert case.materials.get(key="termination_certificate").status == "supplied"
