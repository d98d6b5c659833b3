"""A son certifies for his mother on his phone (亲情代办), in a real browser at phone width: he signs in to
the portal, finds her certification due, takes her photo, and the page that stands in for the phone app
asks for a nonce and signs with the device key in the browser (WebCrypto Ed25519); the platform checks the
signature and the binding and certifies her, marked as a relative's certification with the photo kept."""

import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from shebao.certification import standin
from shebao.certification.models import Certification, Refusal
from shebao.people.models import ProxyBinding, Recipient
from shebao.people.tests.citizen_helpers import last_code, person_with_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SON_ID, SON_PHONE = "500103198005151238", "13900001111"


def citizen_signs_in(page, number: str, phone: str) -> None:
    page.goto(f"{page.base}/my/sign-in/")
    page.fill("[data-testid=sign-in-number]", number)
    page.click("[data-testid=send-code]")
    expect(page.locator("[data-testid=sign-in-code]")).to_be_visible()
    page.fill("[data-testid=sign-in-code]", last_code(phone))
    page.click("[data-testid=verify-code]")
    expect(page.locator("[data-testid=citizen-name]")).to_be_visible()


def photo_file(tmp_path):
    path = tmp_path / "mother.jpg"
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 150, 120)).save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_a_son_certifies_for_his_mother_on_his_phone(phone_page, cast, tmp_path):
    standin.register()
    son = person_with_phone("李强", SON_ID, SON_PHONE)
    ProxyBinding.objects.create(proxy=son, principal=cast.person, relation="child", consent="window")
    mother = Recipient.objects.get(person=cast.person)
    mother.next_certification_due = timezone.localdate() + timezone.timedelta(days=20)
    mother.save()
    page = phone_page
    citizen_signs_in(page, SON_ID, SON_PHONE)
    panel = page.locator("[data-testid=certification-panel]")
    expect(panel).to_contain_text(cast.person.masked_name)
    panel.locator("[data-testid=certification-panel-open]").click()
    page.click(f"[data-testid=certify-{mother.pk}]")
    page.set_input_files("[data-testid=recipient-photo]", str(photo_file(tmp_path)))
    page.click("[data-testid=start-face-check]")
    expect(page.locator("[data-testid=certified-message]")).to_be_visible(timeout=15000)
    certification = Certification.objects.get(recipient=mother)
    assert certification.method == "relative" and certification.relative == son
    assert certification.device.code == standin.CODE and certification.recipient_photo
    mother.refresh_from_db()
    assert mother.next_certification_due.year == timezone.localdate().year + 1
    assert not Refusal.objects.exists()
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_tap_before_the_page_script_has_loaded_does_not_send_the_form_away(phone_page, cast, tmp_path):
    """On a slow phone the button is on screen before the signing script has arrived. A tap then must not
    submit the form the plain way (a GET of the same page, the chosen photo lost, nothing certified): the
    button waits, disabled, until the script is ready, and the tap certifies once it is."""
    standin.register()
    mother = Recipient.objects.get(person=cast.person)
    page = phone_page
    citizen_signs_in(page, "500103195303071224", "13812345678")

    held = []  # the signing script, held back as a slow network would
    page.route("**/certification/certify.js", lambda route: held.append(route))
    page.goto(f"{page.base}/certification/my/certify/{mother.pk}/", wait_until="commit")
    button = page.locator("[data-testid=start-face-check]")
    expect(button).to_be_disabled()
    button.click(force=True)  # the early tap
    held[0].continue_()
    expect(button).to_be_enabled()
    assert page.url.endswith(f"/certify/{mother.pk}/")
    button.click()
    expect(page.locator("[data-testid=certified-message]")).to_be_visible(timeout=15000)
    assert Certification.objects.filter(recipient=mother, method="face").count() == 1


def test_without_the_stand_in_device_the_page_sends_people_to_the_app_and_outlets(phone_page, cast):
    page = phone_page
    citizen_signs_in(page, "500103195303071224", "13812345678")
    mother = Recipient.objects.get(person=cast.person)
    page.goto(f"{page.base}/certification/my/certify/{mother.pk}/")
    expect(page.locator("[data-testid=standin-unavailable]")).to_be_visible()
    assert page.locator("[data-testid=start-face-check]").count() == 0
