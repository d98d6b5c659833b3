"""A manager finds the points of their area on one list (administrators: all) and opens one to manage
it; a bad filter is refused with a clear message; tellers, back office and the outsider are refused."""

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.core.models import OutletStatus
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db
URL = reverse("network:overseen")
EN = {"accept-language": "en"}


def _codes(response) -> set[str]:
    return {o.code for o in response.context["page"].object_list}


def test_a_manager_sees_the_points_of_their_area_only_and_each_opens_for_management(client, cast):
    c = signed_in(client, cast.manager)
    response = c.get(URL)
    assert response.status_code == 200
    assert _codes(response) == {cast.yuzhong_hall.code}  # not the Jiangbei bank point
    assert reverse("network:outlet", args=[cast.yuzhong_hall.code]) in response.content.decode()
    outlet_page = c.get(reverse("network:outlet", args=[cast.yuzhong_hall.code]))
    assert outlet_page.context["manages"] is True


def test_an_administrator_sees_every_point(client, cast):
    device = TOTPDevice.objects.create(user=cast.admin, name="phone", confirmed=True)
    c = signed_in(client, cast.admin)
    session = c.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert _codes(c.get(URL)) == {cast.yuzhong_hall.code, cast.bank_point.code}


def test_the_list_filters_by_name_and_status(client, cast):
    cast.yuzhong_hall.status = OutletStatus.SUSPENDED
    cast.yuzhong_hall.save()
    c = signed_in(client, cast.manager)
    assert _codes(c.get(URL, {"q": "渝中"})) == {cast.yuzhong_hall.code}
    assert _codes(c.get(URL, {"q": "观音桥"})) == set()
    assert _codes(c.get(URL, {"status": "suspended"})) == {cast.yuzhong_hall.code}
    assert _codes(c.get(URL, {"status": "open"})) == set()


def test_an_unknown_status_is_refused_with_a_message_and_the_list_unfiltered(client, cast):
    response = signed_in(client, cast.manager).get(URL, {"status": "bogus"}, headers=EN)
    assert response.status_code == 400
    assert "Choose one of the statuses listed." in response.content.decode()
    assert _codes(response) == {cast.yuzhong_hall.code}


@pytest.mark.parametrize("who", ["teller", "reviewer", "approver", "auditor", "outsider"])
def test_staff_who_manage_no_points_are_refused(client, cast, who):
    assert signed_in(client, getattr(cast, who)).get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, cast):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))
