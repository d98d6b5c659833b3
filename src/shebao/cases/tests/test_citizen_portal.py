import pytest

from shebao.cases import services
from shebao.cases.models import Case, CaseEvent
from shebao.cases.tests.helpers import PDF, accept_unemployment_case, approve_all, upload
from shebao.core.errors import NotAllowed, ValidationFailed
from shebao.people import proxies
from shebao.people.tests.citizen_helpers import person_with_phone, sign_in

MOTHER, PHONE = "500103195303071224", "13812345678"
SON, SON_PHONE = "500103198001011238", "13900001111"
PARTIAL = {"resident_id_card", "unemployment_registration"}


@pytest.fixture
def case(world):
    return accept_unemployment_case(world, PARTIAL)


@pytest.fixture
def son(world):
    return person_with_phone("王小明", SON, SON_PHONE)


def test_my_cases_show_state_time_limit_and_what_is_missing(client, world, case):
    sign_in(client, MOTHER, PHONE)
    home = client.get("/my/").content.decode()
    assert case.number in home and "解除劳动合同证明" in home and "2026-12-08" in home
    page = client.get(f"/cases/mine/{case.number}/")
    assert page.status_code == 200 and "file-termination_certificate" in page.content.decode()


def test_the_applicant_supplements_online_and_the_case_completes_once_staff_accept_the_file(
    client, world, case
):
    approve_all(world, case.number)
    sign_in(client, MOTHER, PHONE)
    client.post(
        f"/cases/mine/{case.number}/supplement/",
        {"material": "termination_certificate", "file": upload("证明.pdf", PDF)},
    )
    case.refresh_from_db()
    assert case.state == "approved"  # uploaded, waiting for staff to look at it
    services.case_material_check(
        user=world.cast.reviewer, number=case.number, material_key="termination_certificate", accept=True
    )
    case.refresh_from_db()
    assert case.state == "completed"
    event = CaseEvent.objects.get(case=case, action="material_supplied")
    assert event.citizen == world.cast.person and event.data["by"] == "applicant"


def test_an_upload_that_is_not_a_scan_is_refused_in_the_portal_too(client, world, case):
    sign_in(client, MOTHER, PHONE)
    page = client.post(
        f"/cases/mine/{case.number}/supplement/",
        {"material": "termination_certificate", "file": upload("证明.pdf", b"<script>")},
        follow=True,
    )
    assert "PDF" in page.content.decode()
    assert case.materials.get(key="termination_certificate").status == "deferred"


def test_a_bound_relative_sees_and_supplements_and_the_case_records_the_proxy(client, world, case, son):
    proxies.proxy_bind_at_window(
        teller=world.cast.teller, proxy=son, principal=world.cast.person, relation="parent"
    )
    sign_in(client, SON, SON_PHONE)
    assert case.number in client.get("/my/").content.decode()
    client.post(
        f"/cases/mine/{case.number}/supplement/",
        {"material": "termination_certificate", "file": upload("证明.pdf", PDF)},
    )
    event = CaseEvent.objects.get(case=case, action="material_supplied")
    assert event.citizen == son and event.data["by"] == "proxy"
    history = client.get(f"/cases/mine/{case.number}/").content.decode()
    assert "王**" in history


def test_someone_not_bound_sees_nothing_of_the_case(client, world, case, son):
    sign_in(client, SON, SON_PHONE)
    assert case.number not in client.get("/my/").content.decode()
    assert client.get(f"/cases/mine/{case.number}/").status_code == 404
    with pytest.raises(NotAllowed):
        services.case_supplement(number=case.number, material_key="termination_certificate", citizen=son)
    client.post(
        f"/cases/mine/{case.number}/supplement/",
        {"material": "termination_certificate", "file": upload("证明.pdf", PDF)},
    )
    assert case.materials.get(key="termination_certificate").status == "deferred"


def test_an_ended_binding_ends_the_access(client, world, case, son):
    binding = proxies.proxy_bind_at_window(
        teller=world.cast.teller, proxy=son, principal=world.cast.person, relation="parent"
    )
    proxies.proxy_unbind(binding_id=binding.pk, person=world.cast.person)
    sign_in(client, SON, SON_PHONE)
    assert client.get(f"/cases/mine/{case.number}/").status_code == 404


def test_the_citizen_chooses_pick_up_at_an_outlet_or_mail_with_an_address(client, world, case):
    sign_in(client, MOTHER, PHONE)
    url = f"/cases/mine/{case.number}/delivery/"
    client.post(url, {"method": "window", "outlet": world.cast.yuzhong_hall.code})
    case.refresh_from_db()
    assert case.delivery_method == "window" and case.delivery_outlet == world.cast.yuzhong_hall
    client.post(url, {"method": "mail", "address": ""})
    case.refresh_from_db()
    assert case.delivery_method == "window"  # refused: no address
    client.post(url, {"method": "mail", "address": "重庆市渝中区解放碑街道民族路 88 号"})
    case.refresh_from_db()
    assert case.delivery_method == "mail" and case.delivery_outlet is None
    assert (
        CaseEvent.objects.filter(case=case, action="delivery_chosen", citizen=world.cast.person).count() == 2
    )


def test_mail_delivery_needs_the_postal_tracking_number(world, case):
    approve_all(world, case.number)
    services.case_supplement(
        actor=world.cast.teller, number=case.number, material_key="termination_certificate"
    )
    services.case_choose_delivery(
        number=case.number, citizen=world.cast.person, method="mail", address="重庆市渝中区民族路 88 号"
    )
    with pytest.raises(ValidationFailed) as caught:
        services.case_deliver(user=world.cast.reviewer, number=case.number)
    assert "tracking_number" in caught.value.fields
    services.case_deliver(user=world.cast.reviewer, number=case.number, tracking_number="EMS1234567890CN")
    case.refresh_from_db()
    assert case.state == "delivered" and case.mail_tracking_number == "EMS1234567890CN"


def test_the_decision_letter_is_there_once_the_case_is_decided(client, world, case):
    sign_in(client, MOTHER, PHONE)
    assert client.get(f"/cases/mine/{case.number}/letter.pdf").status_code == 409
    approve_all(world, case.number)
    services.case_supplement(
        actor=world.cast.teller, number=case.number, material_key="termination_certificate"
    )
    response = client.get(f"/cases/mine/{case.number}/letter.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert Case.objects.get(pk=case.pk).state == "completed"


def test_tracking_by_number_and_document_stays_open_without_sign_in(client, world, case):
    page = client.post("/cases/track/", {"number": case.number, "id_number": MOTHER}, follow=True)
    assert "解除劳动合同证明" in page.content.decode()
