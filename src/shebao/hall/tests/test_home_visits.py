"""Home visits (上门服务): a request (staff or the public form) with a validated document and an address,
assigned to a colleague of the nearest suitable outlet in the person's district, recorded from a phone
(with an optional photo checked by content), closed or cancelled; audited; the outsider is refused."""

import io

import pytest

from shebao.cases.tests.files import png_claiming
from shebao.cases.tests.helpers import picture
from shebao.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from shebao.core.models import AuditEntry, Outlet, OutletKind, OutletLevel, Role
from shebao.hall.home_visits import (
    VisitRequest,
    check_photo,
    home_visit_assign,
    home_visit_cancel,
    home_visit_close,
    home_visit_for_staff,
    home_visit_record,
    home_visit_request,
)
from shebao.hall.models import HomeVisit
from shebao.network.index import bump_version
from shebao.testing import make_staff

pytestmark = pytest.mark.django_db
PNG = picture("PNG")
JPEG = picture("JPEG")


def a_request(**overrides) -> VisitRequest:
    values = {
        "person_name": "李秀英",
        "doc_type": "resident_id",
        "doc_number": "500103195303071224",
        "phone": "13812345678",
        "address": "渝中区解放碑街道民族路 88 号 3 单元 502",
        "need": "certification",
        "requester_relation": "relative",
        "district_code": "500103",
        "requester_name": "王小明",
    }
    return VisitRequest(**(values | overrides))


@pytest.fixture
def network(hall):
    bump_version()  # the nearest-outlet index sees the cast's outlets
    return hall


def test_the_public_form_request_goes_to_a_teller_of_the_districts_hall(network, cast):
    visit = home_visit_request(request=a_request(), channel="online")
    assert visit.state == "assigned" and visit.outlet == cast.yuzhong_hall
    assert visit.assigned_to.user == network.teller and visit.person == cast.person  # the record is known
    logged = AuditEntry.objects.filter(action="hall.home_visit.requested").get()
    assert "500103195303071224" not in str(logged.data) and logged.data["doc"].startswith("500103")


def test_with_a_location_the_nearest_staffed_outlet_of_the_district_is_chosen(network, cast):
    street = Outlet.objects.create(
        code="CQ-YZ-T001",
        name="解放碑街道便民服务中心",
        agency=cast.yuzhong,
        level=OutletLevel.TOWN,
        kind=OutletKind.SERVICE_CENTRE,
        latitude=29.5580,
        longitude=106.5770,
    )
    street_teller = make_staff("street_teller", "街道柜员", cast.yuzhong, [Role.TELLER], outlet=street)
    bump_version()
    near_street = home_visit_request(
        request=a_request(latitude="29.5585", longitude="106.5775"), channel="online"
    )
    near_hall = home_visit_request(
        request=a_request(latitude="29.5566", longitude="106.5690"), channel="online"
    )
    assert near_street.outlet == street and near_street.assigned_to.user == street_teller
    assert near_street.distance_m < 100
    assert near_hall.outlet == cast.yuzhong_hall


def test_the_least_busy_colleague_gets_the_next_visit(network, cast):
    other = make_staff("hall_teller2", "郑柜员", cast.yuzhong, [Role.TELLER], outlet=cast.yuzhong_hall)
    first = home_visit_request(request=a_request(), channel="online")
    second = home_visit_request(request=a_request(person_name="张三"), channel="online")
    assert {first.assigned_to.user, second.assigned_to.user} == {network.teller, other}


def test_a_district_without_suitable_staff_leaves_the_request_for_its_manager(network, cast):
    visit = home_visit_request(request=a_request(district_code="500101"), channel="online")  # Wanzhou
    assert visit.state == "requested" and visit.outlet is None
    wanzhou_manager = make_staff("mgr_wz", "万州主任", cast.wanzhou, [Role.MANAGER])
    assert home_visit_for_staff(user=wanzhou_manager, visit_id=visit.pk) == visit
    with pytest.raises(NotAllowed):
        home_visit_for_staff(user=cast.manager, visit_id=visit.pk)  # Yuzhong's manager


def test_outside_the_index_the_districts_staffed_outlets_are_ranked_by_distance(network, cast):
    # The Jiangbei bank point has no agreement in force, so the outlet finder does not show it; its
    # teller may still go on home visits in Jiangbei.
    visit = home_visit_request(request=a_request(district_code="500105"), channel="online")
    assert visit.outlet == cast.bank_point and visit.assigned_to.user == cast.teller


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("person_name", {"person_name": " "}),
        ("doc_number", {"doc_number": "500103195303071225"}),  # wrong check digit
        ("doc_number", {"doc_type": "passport", "doc_number": "E1"}),
        ("phone", {"phone": "12"}),
        ("address", {"address": "家"}),
        ("need", {"need": "massage"}),
        ("requester_relation", {"requester_relation": ""}),
        ("district", {"district_code": ""}),
        ("district", {"district_code": "999999"}),
        ("location", {"latitude": "91", "longitude": "106.5"}),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_kept(network, field, overrides):
    with pytest.raises(ValidationFailed) as exc:
        home_visit_request(request=a_request(**overrides), channel="online")
    assert field in exc.value.fields and not HomeVisit.objects.exists()


def test_every_problem_is_listed_at_once(network):
    with pytest.raises(ValidationFailed) as exc:
        home_visit_request(request=a_request(person_name="", phone="", address=""), channel="online")
    assert {"person_name", "phone", "address"} <= set(exc.value.fields)


def test_documents_other_than_the_resident_id_are_accepted(network):
    visit = home_visit_request(
        request=a_request(doc_type="taiwan_travel_permit", doc_number="12345678"), channel="online"
    )
    assert visit.doc_number == "12345678"


def test_staff_take_requests_by_phone_but_the_outsider_and_anonymous_may_not(network, cast):
    visit = home_visit_request(request=a_request(), channel="phone_call", user=network.guide)
    assert visit.taken_by.user == network.guide and visit.channel == "phone_call"
    for user in (cast.outsider, None):
        with pytest.raises(NotAllowed):
            home_visit_request(request=a_request(), channel="window", user=user)
    with pytest.raises(ValidationFailed):
        home_visit_request(request=a_request(), channel="pigeon", user=network.guide)


def test_the_visit_is_recorded_with_a_photo_and_closed_by_the_colleague_who_went(network, cast):
    visit = home_visit_request(request=a_request(), channel="online")
    visit = home_visit_record(
        user=network.teller,
        visit=visit,
        outcome="done",
        work_done="现场人脸认证完成",
        materials="身份证复印件",
        photo=check_photo("home.png", PNG),
    )
    assert visit.state == "visited" and visit.photo_type == "image/png" and visit.photo.name.endswith(".png")
    visit = home_visit_close(user=network.teller, visit=visit, note="认证结果已回传")
    assert visit.state == "closed" and visit.closed_by.user == network.teller
    actions = list(AuditEntry.objects.filter(object_id=str(visit.pk)).values_list("action", flat=True))
    assert actions[-3:] == ["hall.home_visit.assigned", "hall.home_visit.recorded", "hall.home_visit.closed"]
    with pytest.raises(InvalidTransition):
        home_visit_record(user=network.teller, visit=visit, outcome="done", work_done="again")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.pdf", b"%PDF-1.4 ..."),
        ("photo.png", b"GIF89a......"),
        ("x.jpg", b""),
        ("big.jpg", JPEG + b"\x00" * 6_000_000),
        ("bomb.png", png_claiming(100_000, 100_000)),
        ("cut.jpg", JPEG[:200]),
    ],
)
def test_a_photo_that_is_not_a_jpeg_or_png_or_is_empty_too_big_or_unreadable_is_refused(name, content):
    with pytest.raises(ValidationFailed) as exc:
        check_photo(name, content)
    assert "photo" in exc.value.fields


def test_nobody_home_needs_no_description_but_done_does(network):
    visit = home_visit_request(request=a_request(), channel="online")
    with pytest.raises(ValidationFailed) as exc:
        home_visit_record(user=network.teller, visit=visit, outcome="done")
    assert "work_done" in exc.value.fields
    assert home_visit_record(user=network.teller, visit=visit, outcome="not_home").state == "visited"


def test_the_outsider_and_other_tellers_can_neither_see_nor_record_a_visit(network, cast):
    visit = home_visit_request(request=a_request(), channel="online")
    for user in (cast.outsider, cast.teller, cast.reviewer):
        with pytest.raises(NotAllowed):
            home_visit_for_staff(user=user, visit_id=visit.pk)
        with pytest.raises(NotAllowed):
            home_visit_record(user=user, visit=visit, outcome="not_home")
    visit.refresh_from_db()
    assert visit.state == "assigned"


def test_a_staff_read_of_a_visit_is_audited(network, cast):
    visit = home_visit_request(request=a_request(), channel="online")
    home_visit_for_staff(user=cast.manager, visit_id=visit.pk)
    assert AuditEntry.objects.filter(action="hall.home_visit.viewed", actor_name__isnull=False).count() == 1


def test_the_manager_reassigns_within_their_area_only(network, cast):
    visit = home_visit_request(request=a_request(), channel="online")
    colleague = make_staff("hall_teller3", "钱柜员", cast.yuzhong, [Role.TELLER], outlet=cast.yuzhong_hall)
    visit = home_visit_assign(user=cast.manager, visit=visit, staff=colleague.staff)
    assert visit.assigned_to.user == colleague
    with pytest.raises(ValidationFailed):  # the Jiangbei bank teller is not in Yuzhong's area
        home_visit_assign(user=cast.manager, visit=visit, staff=cast.teller.staff)
    with pytest.raises(NotAllowed):
        home_visit_assign(user=network.teller, visit=visit, staff=colleague.staff)


def test_a_visit_no_longer_needed_is_cancelled_with_a_reason(network, cast):
    visit = home_visit_request(request=a_request(), channel="online")
    with pytest.raises(ValidationFailed):
        home_visit_cancel(user=cast.manager, visit=visit, reason="")
    assert home_visit_cancel(user=cast.manager, visit=visit, reason="本人已到大厅办理").state == "cancelled"


def test_a_visit_photo_is_kept_upright_without_where_and_on_what_phone_it_was_taken():
    from PIL import Image

    from shebao.cases.tests.files import sideways_phone_photo

    photo = check_photo("home.jpg", sideways_phone_photo())
    kept = Image.open(io.BytesIO(photo.content))
    assert kept.size == (20, 60) and not kept.getexif() and b"SecretPhone" not in photo.content
