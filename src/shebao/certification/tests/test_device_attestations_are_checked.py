"""A device's attestation certifies the recipient only when the platform can trust it; each refusal says
why, is kept with its reason, and changes nothing else."""

from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from shebao.certification.models import Certification, Nonce, Refusal
from shebao.certification.services import device_revoke
from shebao.certification.tests.conftest import a_photo, attest, nonce_for
from shebao.people.models import IdentityDocument, Person, ProxyBinding, Recipient

pytestmark = pytest.mark.django_db


def refused_with(response, reason: str) -> None:
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == reason
    assert response.json()["error"]["message"]  # a sentence for the device to show
    assert Refusal.objects.filter(reason=reason).exists()
    assert not Certification.objects.exists()


def test_a_good_attestation_certifies_and_sets_the_next_due_date(client, cast, device):
    response = attest(client, device)
    assert response.status_code == 201, response.content
    [made] = response.json()["certifications"]
    recipient = Recipient.objects.get(person=cast.person)
    assert made["method"] == "face" and made["recipient"] == recipient.pk
    today = timezone.localdate()
    assert recipient.next_certification_due == date(today.year + 1, today.month, min(today.day, 28)) or (
        recipient.next_certification_due.year == today.year + 1
        and recipient.next_certification_due.month == today.month
    )
    certification = Certification.objects.get()
    assert certification.device == device.device and certification.signature
    assert Nonce.objects.get(value=certification.nonce).used_at is not None


def test_a_signature_by_another_key_is_refused(client, cast, device):
    refused_with(attest(client, device, key=Ed25519PrivateKey.generate()), "bad_signature")


def test_a_statement_changed_after_signing_is_refused(client, cast, device):
    nonce = nonce_for(client, device.device.code)
    payload = device.statement(nonce)
    from shebao.certification import attestation

    signature = attestation.sign(device.key, payload)
    payload["score"] = "0.99"  # tampered on the way
    response = client.post("/api/v1/certification/attestations", {"payload": payload, "signature": signature},
                           content_type="application/json")  # fmt: skip
    refused_with(response, "bad_signature")


def test_a_replayed_nonce_is_refused(client, cast, device):
    nonce = nonce_for(client, device.device.code)
    assert attest(client, device, nonce=nonce).status_code == 201
    before = Certification.objects.count()
    response = attest(client, device, nonce=nonce)
    assert response.status_code == 422 and response.json()["error"]["code"] == "replayed_nonce"
    assert Certification.objects.count() == before
    assert Refusal.objects.filter(reason="replayed_nonce").count() == 1


def test_a_nonce_older_than_five_minutes_is_stale(client, cast, device):
    nonce = nonce_for(client, device.device.code)
    Nonce.objects.filter(value=nonce).update(issued_at=timezone.now() - timedelta(minutes=6))
    refused_with(attest(client, device, nonce=nonce), "stale")


def test_a_statement_dated_before_its_nonce_is_stale(client, cast, device):
    old = (timezone.now() - timedelta(minutes=10)).isoformat()
    refused_with(attest(client, device, time=old), "stale")


def test_a_nonce_issued_to_another_device_is_refused(client, cast, device):
    from shebao.certification.models import Device

    other = Device.objects.create(code="KIOSK-9", kind="kiosk", public_key=device.device.public_key)
    nonce = nonce_for(client, other.code)
    refused_with(attest(client, device, nonce=nonce), "unknown_nonce")


def test_an_unknown_device_gets_no_nonce(client, cast):
    response = client.post(
        "/api/v1/certification/nonces", {"device": "NOBODY"}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "unknown_device"
    assert Refusal.objects.filter(reason="unknown_device", device_code="NOBODY").exists()


def test_a_revoked_device_is_refused_even_with_a_nonce_it_already_had(client, cast, device):
    nonce = nonce_for(client, device.device.code)
    device_revoke(device=device.device, reason="lost by the postman")
    refused_with(attest(client, device, nonce=nonce), "revoked_device")
    response = client.post("/api/v1/certification/nonces", {"device": device.device.code},
                           content_type="application/json")  # fmt: skip
    assert response.json()["error"]["code"] == "revoked_device"


def test_a_low_match_score_is_refused(client, cast, device):
    refused_with(attest(client, device, score="0.7999"), "low_score")


def test_the_score_threshold_is_a_setting(client, cast, device, settings):
    settings.CERTIFICATION = {"score_threshold": "0.95"}
    refused_with(attest(client, device, score="0.9412"), "low_score")


def test_a_person_who_is_no_recipient_is_refused(client, cast, device):
    refused_with(attest(client, device, person="110101199003077777"), "unknown_person")


def test_a_relative_not_bound_to_the_recipient_is_refused(client, cast, device):
    stranger = Person.objects.create(name="陈陌生", phone="13900000001")
    IdentityDocument.objects.create(person=stranger, doc_type="resident_id", number="500103198001011233")
    refused_with(attest(client, device, relative="500103198001011233"), "relative_not_bound")


def test_a_bound_relative_certifies_and_it_is_marked(client, cast, device):
    son = Person.objects.create(name="李强", phone="13900000002")
    IdentityDocument.objects.create(person=son, doc_type="resident_id", number="500103198001011233")
    ProxyBinding.objects.create(proxy=son, principal=cast.person, relation="child", consent="window")
    response = attest(client, device, relative="500103198001011233", photo=a_photo())
    assert response.status_code == 201, response.content
    certification = Certification.objects.get()
    assert certification.method == "relative" and certification.relative == son
    assert certification.recipient_photo.read() == a_photo()


@pytest.fixture
def son(cast):
    son = Person.objects.create(name="李强", phone="13900000002")
    IdentityDocument.objects.create(person=son, doc_type="resident_id", number="500103198001011233")
    ProxyBinding.objects.create(proxy=son, principal=cast.person, relation="child", consent="window")
    return son


def test_a_relative_must_send_a_photo_of_the_recipient(client, son, device):
    refused_with(attest(client, device, relative="500103198001011233"), "photo_missing")


def test_a_photo_other_than_the_one_signed_is_refused(client, son, device):
    other = a_photo()[:-8] + b"tampered"
    response = attest(client, device, relative="500103198001011233", photo=other, signed_photo=a_photo())
    refused_with(response, "photo_mismatch")


def test_a_file_that_is_no_picture_is_refused(client, son, device):
    refused_with(attest(client, device, relative="500103198001011233", photo=b"%PDF-1.7 not a photo"),
                 "photo_unreadable")  # fmt: skip


def test_relatives_certifications_are_sampled_for_a_spot_check(client, son, device, settings):
    settings.CERTIFICATION = {"relative_sample_percent": 100}
    assert attest(client, device, relative="500103198001011233", photo=a_photo()).status_code == 201
    assert Certification.objects.get().spot_check == "pending"
    settings.CERTIFICATION = {"relative_sample_percent": 0}
    assert attest(client, device, relative="500103198001011233", photo=a_photo()).status_code == 201
    assert Certification.objects.latest("pk").spot_check == ""


def test_an_ended_binding_no_longer_lets_the_relative_certify(client, cast, device):
    son = Person.objects.create(name="李强", phone="13900000002")
    IdentityDocument.objects.create(person=son, doc_type="resident_id", number="500103198001011233")
    ProxyBinding.objects.create(proxy=son, principal=cast.person, relation="child", consent="window",
                                ended_at=timezone.now())  # fmt: skip
    refused_with(attest(client, device, relative="500103198001011233"), "relative_not_bound")


def test_an_incomplete_statement_is_malformed(client, cast, device):
    refused_with(attest(client, device, score=None), "malformed")
    refused_with(attest(client, device, time="yesterday"), "malformed")
    refused_with(attest(client, device, method="voice"), "malformed")
