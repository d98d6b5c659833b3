"""An uploaded picture is decoded and encoded again: kept upright, without its EXIF (where, when, which
phone) and without whatever was appended after it; a picture with too many pixels is refused from its
header, before anything is decoded. Through the window intake page, the online application page and the
citizen's supplement page, as through the service."""

import io

import pytest
from PIL import Image

from shebao.cases.models import Case, OnlineApplication
from shebao.cases.tests.files import png_claiming, polyglot_png, sideways_phone_photo
from shebao.cases.tests.helpers import PDF, accept_unemployment_case, upload
from shebao.cases.uploads import check_scan
from shebao.core.errors import ValidationFailed
from shebao.people.tests.citizen_helpers import sign_in
from shebao.testing import signed_in

MOTHER, PHONE = "500103195303071224", "13812345678"
BOMB = png_claiming(100_000, 100_000)
# Below Pillow's own warning (89 million pixels), above ours: only our check refuses it.
LARGE = png_claiming(8_000, 8_000)


def test_a_sideways_phone_photo_is_kept_upright_and_without_its_exif():
    scan = check_scan("resident_id_card", "id.jpg", sideways_phone_photo())
    kept = Image.open(io.BytesIO(scan.content))
    assert kept.size == (20, 60)  # turned as the orientation tag said
    assert not kept.getexif() and b"SecretPhone" not in scan.content
    assert scan.content_type == "image/jpeg"


def test_what_is_appended_after_a_picture_is_not_kept():
    scan = check_scan("resident_id_card", "id.png", polyglot_png())
    assert b"<script>" not in scan.content
    assert Image.open(io.BytesIO(scan.content)).size == (40, 30)


@pytest.mark.parametrize("claimed", [BOMB, LARGE], ids=["100000x100000", "8000x8000"])
def test_a_picture_with_too_many_pixels_is_refused_from_its_header(claimed):
    with pytest.raises(ValidationFailed) as refused:
        check_scan("resident_id_card", "id.png", claimed)
    assert "像素过多" in str(refused.value.fields["scan_resident_id_card"])


def test_a_truncated_picture_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        check_scan("resident_id_card", "id.jpg", sideways_phone_photo()[:300])
    assert "作为图片读取" in str(refused.value.fields["scan_resident_id_card"])


def test_the_window_intake_page_refuses_the_bomb_in_chinese_and_makes_nothing(client, world):
    signed_in(client, world.cast.teller)
    response = client.post(
        "/cases/accept/submit/",
        {
            "person_id": world.cast.person.pk,
            "item": "T-UNE",
            "key": "bomb-1",
            "received": ["resident_id_card", "unemployment_registration"],
            "scan_resident_id_card": upload("id.png", BOMB),
        },
    )
    assert response.status_code == 422 and "像素过多" in response.content.decode()
    assert not Case.objects.exists()


def test_the_online_application_page_refuses_the_bomb(client, world):
    world.unemployment.channels = ["window", "online"]
    world.unemployment.save(update_fields=["channels"])
    sign_in(client, MOTHER, PHONE)
    form = client.get("/cases/apply/T-UNE/").content.decode()
    key = form.split('name="key" value="')[1].split('"')[0]
    sent = client.post(
        "/cases/apply/T-UNE/",
        {
            "key": key,
            "person": str(world.cast.person.pk),
            "scan_resident_id_card": upload("id.png", BOMB),
            "scan_unemployment_registration": upload("reg.pdf", PDF),
        },
    )
    assert sent.status_code == 422 and "像素过多" in sent.content.decode()
    assert not OnlineApplication.objects.exists()


def test_the_citizens_supplement_page_refuses_the_bomb(client, world):
    case = accept_unemployment_case(world, {"resident_id_card", "unemployment_registration"})
    sign_in(client, MOTHER, PHONE)
    page = client.post(
        f"/cases/mine/{case.number}/supplement/",
        {"material": "termination_certificate", "file": upload("证明.png", BOMB)},
        follow=True,
    )
    assert "像素过多" in page.content.decode()
    assert case.materials.get(key="termination_certificate").status == "deferred"
    assert not case.scans.exists()
