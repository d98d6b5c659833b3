"""Cache-Control: no-store on every page and file that may hold personal data: everything a member of staff
or a signed-in citizen is shown (person and case pages, receipts, letters, scans, the workbench, the API's
persons and cases), and every path that is not public reference data even without a session. The public
guide and maps stay cacheable for anonymous visitors."""

import pytest

from shebao.cases import services
from shebao.cases.tests.helpers import PDF, approve_all, make_world, new_key, pin_day
from shebao.cases.uploads import check_scan
from shebao.people.tests.citizen_helpers import sign_in
from shebao.testing import signed_in_with_second_factor


def never_cached(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def world(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    return make_world(cast)


@pytest.fixture
def case(world):
    case = services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration", "termination_certificate"},
        scans=[check_scan("resident_id_card", "id.pdf", PDF)],
        idempotency_key=new_key(),
    ).case
    approve_all(world, case.number)  # completed: its letter can be printed
    return case


def test_every_staff_page_file_and_api_answer_is_no_store(client, world, case):
    person, scan = world.cast.person, case.scans.get()
    signed_in_with_second_factor(client, world.cast.reviewer)
    for path in [
        "/staff/",
        "/staff/persons/",
        f"/staff/persons/{person.pk}/",
        f"/cases/{case.number}/",
        f"/cases/{case.number}/receipt/",
        f"/cases/{case.number}/letter.pdf",
        f"/cases/{case.number}/scans/{scan.pk}/",
        "/cases/queue/",
        f"/api/v1/persons/{person.pk}",
        "/api/v1/persons?q=500103195303071224",
        f"/api/v1/cases/{case.number}",
        "/catalog/",  # public, but this browser has a session: its header names the member of staff
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert never_cached(response), path


def test_every_citizen_page_and_letter_is_no_store(client, world, case):
    sign_in(client, "500103195303071224", "13812345678")
    for path in [
        "/my/",
        "/cases/mine/",
        f"/cases/mine/{case.number}/",
        f"/cases/mine/{case.number}/letter.pdf",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert never_cached(response), path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/cases/track/", "/my/sign-in/", "/staff/login/", "/hall/a/", "/api/v1/hall/tickets/x"]
)
def test_private_paths_are_no_store_without_a_session(client, path):
    assert never_cached(client.get(path))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/catalog/", "/outlets/", "/api/v1/catalog/items"])
def test_public_reference_data_stays_cacheable_for_anonymous_visitors(client, path):
    response = client.get(path)
    assert response.status_code == 200 and not never_cached(response)
