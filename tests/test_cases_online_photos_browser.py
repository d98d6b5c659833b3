"""Photos from a phone (issue 14): a material takes several pictures (a card's front and back), the phone's
camera is offered directly beside choosing a file, and a large photo is shrunk on the phone before it is
sent (a 12-megapixel picture is 3-5 MB over a village point's mobile data; the teller needs ~1600 px).
The same on the online application and on a missing material sent later from My services."""

import io

import pytest
from PIL import Image

from shebao.cases.models import OnlineApplication
from shebao.cases.tests.helpers import PDF, accept_unemployment_case, picture
from tests.test_cases_journey import MOTHER, citizen_page, citizen_sign_in
from tests.test_cases_online_browser import world  # noqa: F401  (the item offered online, a hall teller)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONGEST = 1600  # px: what the page shrinks a photo to (static/shebao/photos.js)


def _noisy_photo(path, size=(4000, 3000)):
    """A camera-sized photo that does not compress to nothing (a plain colour would)."""
    image = Image.effect_noise(size, 60).convert("RGB")
    image.save(path, format="JPEG", quality=95)
    return path


def _stored_sizes(scans) -> list[tuple[int, int]]:
    return [Image.open(io.BytesIO(s.file.open("rb").read())).size for s in scans]


def test_two_photos_of_a_card_are_sent_and_a_large_one_shrunk_first(
    chromium,
    live_server,
    world,  # noqa: F811
    tmp_path,
):
    front = _noisy_photo(tmp_path / "正面.jpg")
    back, form = tmp_path / "反面.png", tmp_path / "失业登记.pdf"
    back.write_bytes(picture("PNG", (300, 200)))
    form.write_bytes(PDF)
    page = citizen_page(chromium)
    citizen_sign_in(page, live_server.url, MOTHER)
    page.goto(live_server.url + "/cases/apply/T-UNE/")
    camera = page.locator("[data-testid=online-camera-resident_id_card]")
    assert camera.get_attribute("capture") == "environment" and "image/" in camera.get_attribute("accept")
    page.set_input_files("[data-testid=online-file-resident_id_card]", [str(front), str(back)])
    page.wait_for_selector("[data-testid=photos-resident_id_card] li >> nth=1")  # both listed, shrunk
    page.set_input_files("[data-testid=online-file-unemployment_registration]", str(form))
    page.click("[data-testid=online-submit]")
    page.wait_for_selector("[data-testid=online-reference]")
    application = OnlineApplication.objects.get()
    cards = list(application.scans.filter(material_key="resident_id_card"))
    assert len(cards) == 2 and application.scans.count() == 3
    sizes = sorted(_stored_sizes(cards))
    assert sizes[0] == (300, 200)  # a small picture is sent as it is
    assert max(sizes[1]) == LONGEST and sizes[1][0] / sizes[1][1] == pytest.approx(4 / 3, abs=0.01)
    assert front.stat().st_size > 3 * max(c.size for c in cards)


def test_a_missing_material_sent_later_takes_several_photos_too(
    chromium,
    live_server,
    world,  # noqa: F811
    tmp_path,
):
    first, second = tmp_path / "1.png", tmp_path / "2.png"
    first.write_bytes(picture("PNG", (200, 100)))
    second.write_bytes(picture("PNG", (100, 200)))
    case = accept_unemployment_case(world, {"resident_id_card", "unemployment_registration"})
    page = citizen_page(chromium)
    citizen_sign_in(page, live_server.url, MOTHER)
    page.goto(live_server.url + f"/cases/mine/{case.number}/")
    page.set_input_files("[data-testid=portal-file-termination_certificate]", [str(first), str(second)])
    page.wait_for_selector("[data-testid=photos-termination_certificate] li >> nth=1")
    page.click("[data-testid=portal-send-termination_certificate]")
    page.wait_for_selector("[role=status]")
    scans = case.scans.filter(material_key="termination_certificate")
    assert sorted(_stored_sizes(scans)) == [(100, 200), (200, 100)]
    assert case.materials.get(key="termination_certificate").status == "to_check"
