"""The back office opens the scans of a case accepted at a window: each scan is shown inline under the
material's name, can be zoomed and turned, and every view is in the audit log. The outsider (another
district's reviewer) sees nothing of it."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import serious_accessibility_violations
from shebao.cases import services
from shebao.cases.tests.helpers import make_world, new_key, pin_day
from shebao.cases.uploads import check_scan
from shebao.core.models import AuditEntry
from shebao.testing import signed_in
from tests.test_cases_journey import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    return make_world(cast)


def photo_of_a_card() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(out, format="JPEG")
    return out.getvalue()


def window_case(world):
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration"},
        scans=[check_scan("resident_id_card", "身份证.jpg", photo_of_a_card())],
        idempotency_key=new_key(),
    ).case


def test_the_reviewer_sees_zooms_and_turns_a_window_scan_and_each_view_is_audited(
    chromium, live_server, world
):
    case = window_case(world)
    reviewer = staff_page(chromium, live_server.url, "reviewer")
    reviewer.goto(f"{live_server.url}/cases/{case.number}/")

    viewer = reviewer.get_by_test_id("scan-resident_id_card")
    expect(viewer).to_contain_text("居民身份证")
    image = viewer.locator("img")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 320
    viewer.get_by_test_id("scan-rotate").click()
    expect(image).to_have_attribute("style", "transform: scale(1) rotate(90deg);")
    viewer.get_by_test_id("scan-zoom-in").click()
    expect(image).to_have_attribute("style", "transform: scale(1.5) rotate(90deg);")
    assert serious_accessibility_violations(reviewer) == []
    views = AuditEntry.objects.filter(action="cases.case.scan_viewed")
    assert views.count() == 1 and views.get().actor_id == world.cast.reviewer.pk


def test_the_outsider_cannot_open_a_scan(client, world):
    case = window_case(world)
    scan = case.scans.get()
    signed_in(client, world.cast.outsider)
    assert client.get(f"/cases/{case.number}/scans/{scan.pk}/").status_code == 403
    assert not AuditEntry.objects.filter(action="cases.case.scan_viewed").exists()
