"""A registered device with its private key, and an attestation helper that does what a device does:
ask for a nonce, sign a statement about the person, send it."""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone
from PIL import Image

from shebao.certification import attestation, keys
from shebao.certification.models import Device

MOTHER_ID = "500103195303071224"  # the cast's 李秀英, a pension recipient


@dataclass
class TestDevice:
    device: Device
    key: Ed25519PrivateKey

    def statement(self, nonce: str, **overrides) -> dict:
        payload = {
            "device": self.device.code, "nonce": nonce, "person": MOTHER_ID,
            "time": timezone.now().isoformat(), "method": "face", "score": "0.9412", "place": "渝中区家中",
        }  # fmt: skip
        payload.update(overrides)
        return {k: v for k, v in payload.items() if v is not None}


@pytest.fixture
def device(cast):
    key = Ed25519PrivateKey.generate()
    made = Device.objects.create(code="PHONE-0001", kind="phone_app", public_key=keys.public_key_b64(key))
    return TestDevice(made, key)


def nonce_for(client, device_code: str) -> str:
    response = client.post(
        "/api/v1/certification/nonces", {"device": device_code}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["nonce"]


def a_photo() -> bytes:
    """A small PNG standing for the photo a relative takes of the recipient."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 160, 120)).save(out, format="PNG")
    return out.getvalue()


def attest(client, test_device: TestDevice, *, key=None, nonce=None, photo: bytes | None = None,
           signed_photo: bytes | None = None, **overrides):  # fmt: skip
    """Send a signed attestation as the device would; returns the response. `photo` goes with it, its hash
    signed (or `signed_photo`'s, to send another photo than the one signed)."""
    nonce = nonce or nonce_for(client, test_device.device.code)
    if photo is not None:
        overrides.setdefault("photo_sha256", hashlib.sha256(signed_photo or photo).hexdigest())
    payload = test_device.statement(nonce, **overrides)
    signature = attestation.sign(key or test_device.key, payload)
    body = {"payload": payload, "signature": signature}
    if photo is not None:
        body["photo"] = base64.b64encode(photo).decode()
    return client.post("/api/v1/certification/attestations", body, content_type="application/json")
