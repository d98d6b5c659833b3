"""Every page answers with the Content-Security-Policy: scripts and styles from the site's own files only,
pictures also from the map's tile server when one is set, no plugins, no framing, forms posted here."""

import pytest

from shebao.cases import services
from shebao.cases.tests.helpers import PDF, make_world, new_key, pin_day
from shebao.cases.uploads import check_scan
from shebao.core.headers import tile_source
from shebao.people.tests.citizen_helpers import sign_in
from shebao.testing import signed_in_with_second_factor

EXPECTED = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}
PUBLIC = ["/", "/catalog/", "/outlets/", "/ids/check/", "/my/sign-in/", "/cases/track/", "/hall/book/"]
PUBLIC += ["/staff/login/", "/api/v1/catalog/items", "/api/v1/docs", "/no-such-page/"]


def directives(response) -> set[str]:
    return {d.strip() for d in response["Content-Security-Policy"].split(";")}


@pytest.fixture
def world(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    return make_world(cast)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC)
def test_a_public_page_has_the_policy(client, path):
    assert directives(client.get(path)) == EXPECTED


def test_staff_and_citizen_pages_have_the_policy(client, world):
    case = services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration"},
        scans=[check_scan("resident_id_card", "id.pdf", PDF)],
        idempotency_key=new_key(),
    ).case
    staff = signed_in_with_second_factor(client.__class__(), world.cast.reviewer)
    for path in [
        "/staff/",
        f"/staff/persons/{world.cast.person.pk}/",
        f"/cases/{case.number}/",
        f"/cases/{case.number}/receipt/",
        "/cases/queue/",
        f"/api/v1/cases/{case.number}",
    ]:
        response = staff.get(path)
        assert response.status_code == 200, path
        assert directives(response) == EXPECTED, path
    sign_in(client, "500103195303071224", "13812345678")
    for path in ["/my/", "/cases/mine/", f"/cases/mine/{case.number}/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response) == EXPECTED, path


@pytest.mark.django_db
def test_the_tile_server_is_allowed_for_pictures_when_one_is_set(client, settings):
    settings.SHEBAO = {**settings.SHEBAO, "MAP_TILE_URL": "https://{s}.tiles.example:8443/{z}/{x}/{y}.png"}
    assert "img-src 'self' data: https://*.tiles.example:8443" in directives(client.get("/outlets/"))
    assert tile_source("") == ""
