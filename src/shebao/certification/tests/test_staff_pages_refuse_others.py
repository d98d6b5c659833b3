"""The certification pages as staff use them, and as others are refused: managers register and revoke
devices; the back office records a death and works the recovery (a write-off needs a second person); the
overdue list of an outlet puts the nearest first and turns a row into a home visit; a silent run is started
from uploaded files. Staff of another district see none of Yuzhong's recipients."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shebao.certification.keys import public_key_b64
from shebao.certification.models import Cycle, Death, Device, Recovery, SilentRun
from shebao.core.models import AuditEntry
from shebao.hall.models import HomeVisit
from shebao.people.models import IdentityDocument, Person, Recipient
from shebao.records.tests.helpers import a_batch, a_payment
from shebao.testing import make_staff

pytestmark = pytest.mark.django_db
MOTHER = "500103195303071224"


def test_a_manager_registers_and_revokes_a_device(client, cast):
    client.force_login(cast.manager)
    key = public_key_b64(Ed25519PrivateKey.generate())
    form = {
        "do": "register",
        "code": "POSTMAN-017",
        "kind": "handheld",
        "algorithm": "ed25519",
        "public_key": key,
    }
    response = client.post("/certification/staff/devices/", {**form, "outlet": cast.yuzhong_hall.code})
    assert response.status_code == 302
    device = Device.objects.get(code="POSTMAN-017")
    assert device.outlet == cast.yuzhong_hall and device.state == "active"
    bad_form = {
        "do": "register",
        "code": "X-1",
        "kind": "kiosk",
        "algorithm": "ed25519",
        "public_key": "not a key",
    }
    bad = client.post("/certification/staff/devices/", bad_form)
    assert bad.status_code == 422 and "Ed25519" in bad.content.decode()
    no_reason = client.post(
        "/certification/staff/devices/", {"do": "revoke", "device": device.pk, "reason": ""}
    )
    assert no_reason.status_code == 422
    client.post(
        "/certification/staff/devices/", {"do": "revoke", "device": device.pk, "reason": "邮递员遗失"}
    )
    device.refresh_from_db()
    assert device.state == "revoked" and device.revoked_reason == "邮递员遗失"


@pytest.mark.parametrize("who", ["reviewer", "teller", "outsider"])
def test_others_may_not_manage_devices_or_runs(client, cast, who):
    client.force_login(getattr(cast, who))
    for url in ("/certification/staff/devices/", "/certification/staff/runs/"):
        response = client.post(
            url, {"do": "register", "code": "EVIL", "kind": "kiosk", "public_key": "x" * 44}
        )
        assert response.status_code == 403
    assert not Device.objects.exists() and not SilentRun.objects.exists()


@pytest.fixture
def paid(cast):
    recipient = Recipient.objects.get(person=cast.person)
    batch = a_batch("payments.csv", kind="payments")
    for month in range(1, 7):
        a_payment(recipient, batch, date(2026, month, 1), amount=Decimal("3268.50"))
    return recipient


def test_the_back_office_records_a_death_and_a_second_person_writes_off(client, cast, paid):
    client.force_login(cast.reviewer)
    death = {
        "number": MOTHER,
        "died_on": "2026-03-15",
        "source": "civil_affairs",
        "reference": "渝民火字0301",
    }
    response = client.post("/certification/staff/recoveries/", death)
    assert response.status_code == 302
    recovery = Recovery.objects.get()
    assert recovery.amount == Decimal("3268.50") * 3
    letter = client.get(f"/certification/staff/recoveries/{recovery.pk}/letter/").content.decode()
    assert "9805.50" in letter and "60" in letter
    client.post(
        f"/certification/staff/recoveries/{recovery.pk}/", {"do": "propose", "reason": "家属无力偿还"}
    )
    assert Recovery.objects.get().state == "write_off_proposed"
    client.force_login(cast.approver)
    client.post(f"/certification/staff/recoveries/{recovery.pk}/", {"do": "approve"})
    assert Recovery.objects.get().state == "written_off"


def test_the_proposer_cannot_approve_their_own_write_off(client, cast, paid):
    client.force_login(cast.approver)
    client.post(
        "/certification/staff/recoveries/", {"number": MOTHER, "died_on": "2026-03-15", "source": "hospital"}
    )
    recovery = Recovery.objects.get()
    client.post(f"/certification/staff/recoveries/{recovery.pk}/", {"do": "propose", "reason": "无遗产"})
    response = client.post(f"/certification/staff/recoveries/{recovery.pk}/", {"do": "approve"})
    assert response.status_code == 403
    assert Recovery.objects.get().state == "write_off_proposed"


def test_another_districts_staff_see_nothing_and_change_nothing(client, cast, paid):
    client.force_login(cast.outsider)
    response = client.post("/certification/staff/recoveries/", {"number": MOTHER, "died_on": "2026-03-15",
                                                                 "source": "civil_affairs"})  # fmt: skip
    assert response.status_code == 404
    assert not Death.objects.exists()
    assert Recipient.objects.get(pk=paid.pk).status == "active"


def test_a_missing_date_or_source_is_refused_with_its_field(client, cast, paid):
    client.force_login(cast.reviewer)
    response = client.post(
        "/certification/staff/recoveries/", {"number": MOTHER, "died_on": "", "source": "rumour"}
    )
    assert response.status_code == 422
    assert not Death.objects.exists()


def test_the_overdue_list_is_nearest_first_and_becomes_home_visits(client, cast):
    hall = cast.yuzhong_hall
    mother = Recipient.objects.get(person=cast.person)
    far = Person.objects.create(name="赵远", phone="13900000011", address="重庆市渝中区化龙桥")
    IdentityDocument.objects.create(person=far, doc_type="resident_id", number="500103194802021446")
    far_recipient = Recipient.objects.create(
        person=far,
        benefit_type="employee_pension",
        home_agency=cast.yuzhong,
        monthly_amount=Decimal("2100"),
        start_date=date(2008, 1, 1),
        next_certification_due=timezone.localdate() - timedelta(days=40),
    )
    mother.next_certification_due = timezone.localdate() - timedelta(days=5)
    mother.save()
    Cycle.objects.create(recipient=mother, latitude=hall.latitude + 0.002, longitude=hall.longitude)
    Cycle.objects.create(recipient=far_recipient, latitude=hall.latitude + 0.05, longitude=hall.longitude)
    make_staff("hall_teller", "周柜员", cast.yuzhong, ["teller"], outlet=hall)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="hall_teller"))
    page = client.get("/certification/staff/overdue/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index(cast.person.masked_name) < html.index(far.masked_name)
    assert cast.person.name not in html  # masked on the list
    response = client.post("/certification/staff/overdue/", {"outlet": hall.code, "recipient": mother.pk})
    assert response.status_code == 302
    visit = HomeVisit.objects.get()
    assert visit.need == "certification" and visit.person == cast.person
    assert AuditEntry.objects.filter(action="certification.overdue_list.viewed").exists()


def test_an_outsider_cannot_open_another_agencys_photos(client, cast):
    client.force_login(cast.outsider)
    assert client.get("/certification/staff/spot-checks/1/photo/").status_code == 404


def test_a_manager_runs_silent_certification_from_uploaded_files(client, cast, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    mother = Recipient.objects.get(person=cast.person)
    client.force_login(cast.manager)
    content = f"id_number,event_date,event,source\n{MOTHER},{timezone.localdate():%Y-%m-%d},life,medical\n"
    upload = SimpleUploadedFile("medical.csv", content.encode(), content_type="text/csv")
    response = client.post("/certification/staff/runs/", {"files": [upload]})
    assert response.status_code == 302, response.content[:500]
    run = SilentRun.objects.get()
    assert run.report["applied"] == {"certified": 1}
    assert mother.certifications.get().method == "silent"
    report = client.get(f"/certification/staff/runs/{run.pk}/").content.decode()
    assert "medical" in report
    bad = SimpleUploadedFile("bank.csv", b"who,when\n1,2\n", content_type="text/csv")
    refused = client.post("/certification/staff/runs/", {"files": [bad]})
    assert refused.status_code == 422 and SilentRun.objects.count() == 1
