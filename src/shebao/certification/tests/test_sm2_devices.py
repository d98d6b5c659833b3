"""Devices may sign with SM2 (GB/T 32918, with SM3 and the standard signer id), as the national-algorithm
handhelds and kiosks do, beside Ed25519. The keys and signatures here are made by OpenSSL, not by the
library the platform verifies with, so a device built on another SM2 implementation is believed too."""

import base64
import subprocess

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from shebao.certification import attestation, keys
from shebao.certification.models import Certification, Device, Refusal
from shebao.certification.tests.conftest import MOTHER_ID, nonce_for
from shebao.people.models import Recipient

pytestmark = pytest.mark.django_db
SIGNER_ID = "1234567812345678"  # GM/T 0009's default, which devices use unless told otherwise


def openssl(*args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(("openssl", *args), input=data, capture_output=True, check=True).stdout


@pytest.fixture
def sm2_key(tmp_path):
    path = tmp_path / "device.pem"
    openssl("genpkey", "-algorithm", "SM2", "-out", str(path))
    return path


def pem_public_key(key_path) -> str:
    return openssl("pkey", "-in", str(key_path), "-pubout").decode()


def openssl_sign(key_path, message: bytes) -> str:
    """A DER signature over the message, as a device using OpenSSL sends it (base64)."""
    der = openssl("pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", str(key_path),
                  "-pkeyopt", f"distid:{SIGNER_ID}", data=message)  # fmt: skip
    return base64.b64encode(der).decode()


def statement(nonce: str, device_code: str) -> dict:
    from django.utils import timezone

    return {"device": device_code, "nonce": nonce, "person": MOTHER_ID, "time": timezone.now().isoformat(),
            "method": "fingerprint", "score": "0.9100", "place": "渝中区家中"}  # fmt: skip


def register_through_the_page(client, cast, public_key: str, code: str = "POSTMAN-SM2"):
    client.force_login(cast.manager)
    form = {"do": "register", "code": code, "kind": "handheld", "algorithm": "sm2", "public_key": public_key}
    return client.post("/certification/staff/devices/", {**form, "outlet": cast.yuzhong_hall.code})


def send(client, payload: dict, signature: str):
    return client.post("/api/v1/certification/attestations", {"payload": payload, "signature": signature},
                       content_type="application/json")  # fmt: skip


def test_a_handheld_with_an_sm2_key_made_by_openssl_certifies(client, cast, sm2_key):
    assert register_through_the_page(client, cast, pem_public_key(sm2_key)).status_code == 302
    device = Device.objects.get(code="POSTMAN-SM2")
    assert device.algorithm == "sm2"
    client.logout()
    payload = statement(nonce_for(client, device.code), device.code)
    response = send(client, payload, openssl_sign(sm2_key, attestation.canonical(payload)))
    assert response.status_code == 201, response.content
    assert Certification.objects.get().method == "fingerprint"
    assert Recipient.objects.get(person=cast.person).next_certification_due is not None


def test_an_sm2_statement_changed_after_signing_is_refused(client, cast, sm2_key):
    register_through_the_page(client, cast, pem_public_key(sm2_key))
    client.logout()
    payload = statement(nonce_for(client, "POSTMAN-SM2"), "POSTMAN-SM2")
    signature = openssl_sign(sm2_key, attestation.canonical(payload))
    payload["score"] = "0.99"
    response = send(client, payload, signature)
    assert response.status_code == 422 and response.json()["error"]["code"] == "bad_signature"
    assert Refusal.objects.filter(reason="bad_signature").exists() and not Certification.objects.exists()


def test_an_sm2_signature_out_of_range_is_refused(client, cast, sm2_key):
    """r and s must lie in [1, n-1]; a verifier that skips the check can be fooled by s = 0 or s = n."""
    register_through_the_page(client, cast, pem_public_key(sm2_key))
    client.logout()
    payload = statement(nonce_for(client, "POSTMAN-SM2"), "POSTMAN-SM2")
    good = base64.b64decode(openssl_sign(sm2_key, attestation.canonical(payload)))
    r, s = decode_dss_signature(good)
    for bad_r, bad_s in ((r, 0), (r, s + keys.SM2_N), (0, s), (r + keys.SM2_N, s)):
        bad = base64.b64encode(encode_dss_signature(bad_r, bad_s)).decode()
        assert send(client, payload, bad).json()["error"]["code"] == "bad_signature"
    assert not Certification.objects.exists()


def test_a_key_that_is_not_a_point_on_the_curve_is_refused_and_nothing_is_registered(client, cast, sm2_key):
    point = bytearray(base64.b64decode(keys.normalised_public_key("sm2", pem_public_key(sm2_key))))
    point[-1] ^= 1  # y changed: no longer on the curve
    response = register_through_the_page(client, cast, base64.b64encode(bytes(point)).decode())
    assert response.status_code == 422 and "SM2" in response.content.decode()
    assert not Device.objects.exists()
    ed25519_key_as_sm2 = base64.b64encode(bytes(32)).decode()
    assert register_through_the_page(client, cast, ed25519_key_as_sm2).status_code == 422


def test_the_raw_point_and_the_pem_form_of_a_key_are_the_same_key(sm2_key):
    pem = pem_public_key(sm2_key)
    der = openssl("pkey", "-in", str(sm2_key), "-pubout", "-outform", "DER")
    raw_point = base64.b64encode(der[-65:]).decode()
    without_prefix = base64.b64encode(der[-64:]).decode()
    forms = {keys.normalised_public_key("sm2", text) for text in (pem, raw_point, without_prefix)}
    assert forms == {raw_point}


def test_a_key_whose_x_begins_with_04_still_verifies():
    """The SM2 library strips a leading "04" from a key's hex as if it were the point prefix: a key whose x
    coordinate itself begins with 0x04 (1 in 256) must not be mangled."""
    private = next(k for k in (keys.Sm2PrivateKey(d) for d in range(1, 5000))
                   if base64.b64decode(k.public_key_b64())[1] == 0x04)  # fmt: skip
    message = attestation.canonical({"a": "b"})
    signature = base64.b64encode(private.sign(message)).decode()
    assert keys.signature_valid("sm2", private.public_key_b64(), message, signature)
    assert not keys.signature_valid("sm2", private.public_key_b64(), message + b" ", signature)


def test_the_demo_postmen_handhelds_sign_with_sm2_and_the_kiosks_with_ed25519():
    from shebao.certification.demo import _demo_key

    message = attestation.canonical({"person": MOTHER_ID})
    for kind, algorithm in (("handheld", "sm2"), ("kiosk", "ed25519")):
        key = _demo_key(f"{kind.upper()}-0001", kind)
        assert keys.algorithm_of(key) == algorithm
        signature = keys.sign(key, message)
        assert keys.signature_valid(algorithm, keys.public_key_b64(key), message, signature)
        other = "ed25519" if algorithm == "sm2" else "sm2"
        assert not keys.signature_valid(other, keys.public_key_b64(key), message, signature)
