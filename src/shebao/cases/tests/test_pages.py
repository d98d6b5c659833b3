from shebao.cases import services
from shebao.cases.models import Case
from shebao.cases.tests.helpers import PDF, new_key, upload
from shebao.testing import signed_in


def make_case(world, received=("resident_id_card", "unemployment_registration")):
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received=set(received),
        idempotency_key=new_key(),
    ).case


def test_the_accept_page_shows_the_checklist_of_the_version_in_force(client, world):
    signed_in(client, world.cast.teller)
    page = client.get("/cases/accept/", {"doc": "500103195303071224", "item": "T-UNE"}, follow=True)
    body = page.content.decode()
    assert page.status_code == 200 and "失业登记证明" in body


def test_accepting_with_a_scan_prints_a_receipt_with_a_qr_code(client, world):
    signed_in(client, world.cast.teller)
    response = client.post(
        "/cases/accept/submit/",
        {
            "person_id": world.cast.person.pk,
            "item": "T-UNE",
            "key": "page-1",
            "received": ["resident_id_card", "unemployment_registration"],
            "scan_resident_id_card": upload("id.pdf", PDF),
        },
        follow=True,
    )
    case = Case.objects.get()
    assert response.status_code == 200 and case.number in response.content.decode()
    assert "<svg" in response.content.decode()
    assert case.scans.get().file.read() == PDF


def test_a_scan_that_is_not_a_pdf_jpeg_or_png_is_refused_and_nothing_is_made(client, world):
    signed_in(client, world.cast.teller)
    response = client.post(
        "/cases/accept/submit/",
        {
            "person_id": world.cast.person.pk,
            "item": "T-UNE",
            "key": "page-2",
            "received": ["resident_id_card", "unemployment_registration"],
            "scan_resident_id_card": upload("id.pdf", b"<html>not a scan</html>"),
        },
    )
    assert response.status_code == 422 and "PDF" in response.content.decode()
    assert not Case.objects.exists()


def test_a_missing_required_material_prints_the_one_time_notice(client, world):
    signed_in(client, world.cast.teller)
    response = client.post(
        "/cases/accept/submit/",
        {
            "person_id": world.cast.person.pk,
            "item": "T-UNE",
            "key": "page-3",
            "received": ["resident_id_card"],
        },
    )
    body = response.content.decode()
    assert response.status_code == 422 and "失业登记证明" in body and "解除劳动合同证明" in body
    assert not Case.objects.exists()


def test_the_queue_shows_remaining_working_days_and_the_outsider_sees_nothing(client, world):
    case = make_case(world)
    signed_in(client, world.cast.reviewer)
    page = client.get("/cases/queue/")
    assert case.number in page.content.decode()
    signed_in(client, world.cast.outsider)
    assert case.number not in client.get("/cases/queue/").content.decode()
    assert client.get(f"/cases/{case.number}/").status_code == 404
    assert client.post(f"/cases/{case.number}/act/", {"action": "claim"}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    case = make_case(world)
    for url in ("/cases/accept/", "/cases/queue/", f"/cases/{case.number}/", "/cases/stats/"):
        assert client.get(url).status_code == 302


def test_the_citizen_tracks_with_case_and_document_number_and_supplements_online(client, world):
    case = make_case(world)
    wrong = client.post("/cases/track/", {"number": case.number, "id_number": "500103195303071225"})
    assert "李**" not in wrong.content.decode()
    page = client.post(
        "/cases/track/", {"number": case.number, "id_number": "500103195303071224"}, follow=True
    )
    assert "解除劳动合同证明" in page.content.decode()
    client.post(
        f"/cases/track/{case.number}/supplement/",
        {"material": "termination_certificate", "file": upload("c.png", PDF)},
    )
    assert case.materials.get(key="termination_certificate").status == "to_check"  # for staff


def test_statistics_count_by_outlet_agency_and_item_for_managers_only(client, world):
    make_case(world)
    signed_in(client, world.cast.manager)
    page = client.get("/cases/stats/")
    assert page.status_code == 200 and "农商银行观音桥支行社银合作点" in page.content.decode()
    signed_in(client, world.cast.teller)
    assert client.get("/cases/stats/").status_code == 403


def test_a_card_s_front_and_back_are_two_pictures_of_one_material(client, world):
    """Issue 14: several photos per material (the front and back of an ID card), each kept and shown."""
    signed_in(client, world.cast.teller)
    page = client.get("/cases/accept/", {"doc": "500103195303071224", "item": "T-UNE"}, follow=True)
    assert 'name="scan_resident_id_card" accept="application/pdf,image/jpeg,image/png" multiple' in (
        page.content.decode()
    )
    client.post(
        "/cases/accept/submit/",
        {
            "person_id": world.cast.person.pk,
            "item": "T-UNE",
            "key": "page-3",
            "received": ["resident_id_card", "unemployment_registration"],
            "scan_resident_id_card": [upload("front.pdf", PDF), upload("back.pdf", PDF + b"\n% back")],
        },
    )
    case = Case.objects.get()
    assert sorted(s.material_key for s in case.scans.all()) == ["resident_id_card", "resident_id_card"]
    assert {s.file.read() for s in case.scans.all()} == {PDF, PDF + b"\n% back"}
