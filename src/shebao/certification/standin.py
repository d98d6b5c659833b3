"""The web page that stands in for the phone app (the issue's "a web page that stands in for the phone
app: it asks for a nonce, and a test device key signs"). Its key is a published test key: the device is
registered only by the demo data (and tests), never in a real agency, where phones, kiosks and handhelds
bring their own keys. Without the device registered, the page sends people to the real app and outlets."""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from shebao.certification.keys import public_key_b64
from shebao.certification.models import Device, DeviceKind, DeviceState

CODE = "DEMO-WEB-APP"
# Anyone may read this seed: that is why only demo data registers the device it makes.
_SEED = hashlib.sha256(b"shebao one-window: the demo phone app's published test key").digest()


def test_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_SEED)


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwk() -> dict:
    """The key as the browser's WebCrypto imports it (Ed25519, JWK)."""
    key = test_key()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "d": _b64url(private), "x": _b64url(public)}


def register() -> Device:
    """Register the stand-in device (demo data, tests). Idempotent."""
    device, _created = Device.objects.get_or_create(
        code=CODE, defaults={"kind": DeviceKind.PHONE_APP, "public_key": public_key_b64(test_key())}
    )
    return device


def available() -> bool:
    return Device.objects.filter(code=CODE, state=DeviceState.ACTIVE).exists()
