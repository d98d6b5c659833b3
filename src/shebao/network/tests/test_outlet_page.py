"""The outlet page: hours with the lunch break, what the point handles today, navigation; managers over
the point change its status or its agreement there, with a reason; everyone else is refused."""

import pytest
from django.utils import timezone

from shebao.core.models import OutletStatus, Role
from shebao.network import selectors
from shebao.network.models import AgreementStatus, OpeningHours
from shebao.testing import make_staff, signed_in

from .helpers import hours, small_network

pytestmark = pytest.mark.django_db
HALL_HOURS = [(d, *span) for d in range(5) for span in (("09:00", "12:00"), ("14:00", "17:30"))]


@pytest.fixture
def network(cast, catalogue):
    village, agreement = small_network(cast)
    OpeningHours.objects.filter(outlet=cast.yuzhong_hall).delete()
    hours(cast.yuzhong_hall, HALL_HOURS)
    return village, agreement


def test_a_citizen_sees_hours_with_the_lunch_break_items_and_navigation(client, cast, network):
    page = client.get("/outlets/CQ-YZ-H001/")
    html = page.content.decode()
    assert page.status_code == 200
    # The lunch break shows as the gap between the two sessions of each working day in the week table.
    assert html.count("<span>09:00–12:00、</span><span>14:00–17:30</span>") == 5
    assert html.count("工伤认定申请") == 1 and "用人单位参保登记" in html  # a hall handles every item
    assert "uri.amap.com" in html and "api.map.baidu.com" in html and "apis.map.qq.com" in html
    assert 'data-testid="manage"' not in html


def test_a_partner_point_lists_only_its_agreement_s_items(client, cast, network):
    html = client.get("/outlets/CQ-JB-B001/").content.decode()
    assert "养老保险待遇资格认证" in html and "个人权益记录查询打印" in html
    assert "用人单位参保登记" not in html and "工伤认定申请" not in html


def test_an_unknown_outlet_is_a_clear_404(client, cast):
    page = client.get("/outlets/NOPE-1/")
    assert page.status_code == 404


def test_the_plaque_s_qr_code_leads_to_the_points_nearest_to_this_one(client, cast, network):
    page = client.get("/outlets/CQ-JB-B001/plaque/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html
    assert "/outlets/?lat=29.575400&amp;lng=106.532200" in html


def test_the_manager_suspends_the_point_from_its_page_with_a_reason(client, cast, network):
    signed_in(client, cast.manager)
    page = client.get("/outlets/CQ-YZ-H001/")
    assert 'data-testid="manage"' in page.content.decode()

    client.post("/outlets/CQ-YZ-H001/status/", {"status": "suspended", "reason": ""})
    cast.yuzhong_hall.refresh_from_db()
    assert cast.yuzhong_hall.status == OutletStatus.OPEN  # no reason, no change

    response = client.post("/outlets/CQ-YZ-H001/status/", {"status": "suspended", "reason": "设备检修"})
    assert response.status_code == 302
    cast.yuzhong_hall.refresh_from_db()
    assert cast.yuzhong_hall.status == OutletStatus.SUSPENDED
    html = client.get("/outlets/CQ-YZ-H001/").content.decode()
    assert "设备检修" in html and timezone.localdate().isoformat() in html


def test_the_partner_point_s_manager_suspends_its_agreement_from_its_page(client, cast, network):
    _, agreement = network
    signed_in(client, make_staff("jb-manager", "江北主任", cast.jiangbei, [Role.MANAGER]))
    html = client.get("/outlets/CQ-JB-B001/").content.decode()
    assert "XY-TEST-1" in html and "王柜员" in html  # the teller authorised to accept
    client.post(f"/outlets/agreements/{agreement.number}/suspend/", {"reason": "考核不合格"})
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SUSPENDED
    assert "CQ-JB-B001" not in [r.outlet.code for r in selectors.nearest_outlets(lat=29.5754, lng=106.5322)]
    html = client.get("/outlets/CQ-JB-B001/").content.decode()
    assert 'data-testid="outlet-status"' in html


def test_the_outsider_and_a_teller_are_refused_the_management_actions(client, cast, network):
    _, agreement = network
    for who in (cast.outsider, cast.teller):
        signed_in(client, who)
        assert 'data-testid="manage"' not in client.get("/outlets/CQ-JB-B001/").content.decode()
        assert (
            client.post("/outlets/CQ-JB-B001/status/", {"status": "closed", "reason": "x"}).status_code == 403
        )
        response = client.post(f"/outlets/agreements/{agreement.number}/end/", {"reason": "x"})
        assert response.status_code == 403
    cast.bank_point.refresh_from_db()
    agreement.refresh_from_db()
    assert cast.bank_point.status == OutletStatus.OPEN and agreement.status == AgreementStatus.ACTIVE
    assert client.post("/outlets/agreements/XY-NONE/end/", {"reason": "x"}).status_code == 404
    client.logout()
    assert client.post("/outlets/CQ-JB-B001/status/", {"status": "closed", "reason": "x"}).status_code == 302
