"""Assisted certification at home: the overdue list of an outlet becomes a home visit; the postman who goes
certifies the recipient on his SM2 handheld, which signs the visit's reference with the statement; the
visit record then carries what was attested (method, score, device, time) and is marked done. A statement
naming another person's visit, or a visit given to someone else, is refused and changes nothing."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from shebao.certification import attestation, keys
from shebao.certification.models import Certification, Cycle, Device, Refusal
from shebao.certification.tests.conftest import MOTHER_ID, nonce_for
from shebao.core.models import StaffProfile
from shebao.hall.models import HomeVisit
from shebao.people.models import Recipient
from shebao.testing import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit_to_mother(client, cast):
    """The mother is overdue; a teller at the hall turns her row of the overdue list into a home visit, which
    the hall's postman is given."""
    hall = cast.yuzhong_hall
    mother = Recipient.objects.get(person=cast.person)
    mother.next_certification_due = timezone.localdate() - timedelta(days=20)
    mother.save()
    Cycle.objects.create(recipient=mother, latitude=hall.latitude + 0.002, longitude=hall.longitude)
    make_staff("postman_wang", "王邮递员", cast.yuzhong, ["teller"], outlet=hall)
    client.force_login(get_user_model().objects.get(username="postman_wang"))
    assert (
        client.post(
            "/certification/staff/overdue/", {"outlet": hall.code, "recipient": mother.pk}
        ).status_code
        == 302
    )
    client.logout()
    visit = HomeVisit.objects.get()
    postman = StaffProfile.objects.get(user__username="postman_wang")
    HomeVisit.objects.filter(pk=visit.pk).update(state="assigned", assigned_to=postman, outlet=hall)
    visit.refresh_from_db()
    return visit


@pytest.fixture
def handheld(cast):
    key = keys.Sm2PrivateKey.generate()
    device = Device.objects.create(code="HANDHELD-YZ-1", kind="handheld", outlet=cast.yuzhong_hall,
                                   algorithm="sm2", public_key=keys.public_key_b64(key))  # fmt: skip
    return device, key


def certify_on_the_visit(client, handheld, visit_token: str, staff: str = "postman_wang", person=MOTHER_ID):
    device, key = handheld
    payload = {"device": device.code, "nonce": nonce_for(client, device.code), "person": person,
               "time": timezone.now().isoformat(), "method": "fingerprint", "score": "0.9300",
               "place": "渝中区七星岗家中", "staff": staff, "outlet": device.outlet.code,
               "home_visit": visit_token}  # fmt: skip
    body = {"payload": payload, "signature": attestation.sign(key, payload)}
    return client.post("/api/v1/certification/attestations", body, content_type="application/json")


def test_the_visit_record_carries_the_attestation(client, cast, visit_to_mother, handheld):
    response = certify_on_the_visit(client, handheld, visit_to_mother.token)
    assert response.status_code == 201, response.content
    certification = Certification.objects.get()
    assert certification.method == "home_visit" and certification.home_visit == visit_to_mother
    assert certification.staff.user.username == "postman_wang"
    visit = HomeVisit.objects.get()
    assert visit.state == "visited" and visit.outcome == "done"
    assert visit.recorded_by.user.username == "postman_wang" and visit.arrived_at is not None
    assert "HANDHELD-YZ-1" in visit.work_done and "0.9300" in visit.work_done
    client.force_login(cast.manager)
    page = client.get(f"/hall/home-visits/{visit.pk}/").content.decode()
    assert "HANDHELD-YZ-1" in page


@pytest.mark.parametrize("case", ["another_persons_visit", "given_to_someone_else", "unknown_visit"])
def test_a_statement_naming_a_visit_that_is_not_this_one_is_refused(client, cast, visit_to_mother, handheld,
                                                                      case):  # fmt: skip
    token, staff = visit_to_mother.token, "postman_wang"
    if case == "another_persons_visit":
        HomeVisit.objects.filter(pk=visit_to_mother.pk).update(person=None, doc_number="500103194802021446")
    elif case == "given_to_someone_else":
        make_staff("postman_li", "李邮递员", cast.yuzhong, ["teller"], outlet=cast.yuzhong_hall)
        staff = "postman_li"
    else:
        token = "not-a-visit"
    response = certify_on_the_visit(client, handheld, token, staff=staff)
    assert response.status_code == 422 and response.json()["error"]["code"] == "visit_mismatch"
    assert response.json()["error"]["message"]
    assert Refusal.objects.filter(reason="visit_mismatch").exists()
    assert not Certification.objects.exists()
    assert HomeVisit.objects.get().state == "assigned"


def test_a_closed_visit_cannot_carry_a_new_attestation(client, cast, visit_to_mother, handheld):
    HomeVisit.objects.filter(pk=visit_to_mother.pk).update(state="closed")
    response = certify_on_the_visit(client, handheld, visit_to_mother.token)
    assert response.json()["error"]["code"] == "visit_mismatch" and not Certification.objects.exists()


def test_the_postman_sees_the_visits_code_for_the_handheld_until_the_visit_is_recorded(
    client, cast, visit_to_mother, handheld
):
    client.force_login(get_user_model().objects.get(username="postman_wang"))
    page = client.get(f"/hall/home-visits/{visit_to_mother.pk}/").content.decode()
    assert 'data-testid="handheld-code"' in page and "<svg" in page
    client.logout()
    assert certify_on_the_visit(client, handheld, visit_to_mother.token).status_code == 201
    client.force_login(get_user_model().objects.get(username="postman_wang"))
    assert (
        'data-testid="handheld-code"'
        not in client.get(f"/hall/home-visits/{visit_to_mother.pk}/").content.decode()
    )
