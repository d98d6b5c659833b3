"""Device keys and their signatures: Ed25519, or SM2 with SM3 (GB/T 32918, the national algorithm that
handhelds and kiosks bought by agencies carry). Only public keys are kept, normalised to one form per
algorithm: Ed25519, the 32 raw bytes; SM2, the 65-byte uncompressed point 04||x||y; both in base64.

SM2 arithmetic comes from gmssl (pure Python, ~16 ms a verification). Two of its gaps are closed here: it
strips a leading "04" from a key's hex even when that is x's first byte, so the key is set on the
verifier directly; and it checks neither that r and s lie in [1, n-1] nor that a key is on the curve."""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from gmssl import sm2

ED25519, SM2 = "ed25519", "sm2"

_CURVE = {k: int(v, 16) for k, v in sm2.default_ecc_table.items()}
SM2_N, _P = _CURVE["n"], _CURVE["p"]
# SubjectPublicKeyInfo of an SM2 key (id-ecPublicKey, curve 1.2.156.10197.1.301): this header, then the
# 65-byte point. A PEM key from OpenSSL or a device vendor is this DER in base64.
_SM2_SPKI_HEADER = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d034200")
_PEM = re.compile(r"-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", re.S)


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except binascii.Error as error:
        raise ValueError("not base64") from error


def _on_curve(point: bytes) -> bool:
    x, y = int.from_bytes(point[1:33], "big"), int.from_bytes(point[33:], "big")
    return x < _P and y < _P and (y * y - x**3 - _CURVE["a"] * x - _CURVE["b"]) % _P == 0


def _sm2_point(text: str) -> bytes:
    pem = _PEM.search(text)
    raw = _b64(pem.group(1) if pem else text)
    if len(raw) == len(_SM2_SPKI_HEADER) + 65 and raw.startswith(_SM2_SPKI_HEADER):
        raw = raw[len(_SM2_SPKI_HEADER) :]
    if len(raw) == 64:
        raw = b"\x04" + raw
    if len(raw) != 65 or raw[0] != 4 or not _on_curve(raw):
        raise ValueError("an SM2 public key is a point on the curve: 04||x||y, 65 bytes")
    return raw


def normalised_public_key(algorithm: str, text: str) -> str:
    """The key in its stored form, or ValueError (refused at registration)."""
    text = text.strip()
    if algorithm == SM2:
        return base64.b64encode(_sm2_point(text)).decode()
    raw = _b64(text)
    if algorithm != ED25519 or len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    Ed25519PublicKey.from_public_bytes(raw)
    return base64.b64encode(raw).decode()


def _sm2_verifier(point: bytes) -> sm2.CryptSM2:
    verifier = sm2.CryptSM2(private_key="", public_key="")
    verifier.public_key = point[1:].hex()  # set directly: the constructor's lstrip("04") mangles some keys
    return verifier


def _sm2_r_s(signature: bytes) -> tuple[int, int]:
    """DER (what GmSSL, OpenSSL and BouncyCastle produce) or the raw 64 bytes r||s."""
    if len(signature) == 64:
        return int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    return decode_dss_signature(signature)


def _sm2_valid(public_key: str, message: bytes, signature: bytes) -> bool:
    r, s = _sm2_r_s(signature)
    if not (1 <= r < SM2_N and 1 <= s < SM2_N):
        return False
    return bool(_sm2_verifier(_sm2_point(public_key)).verify_with_sm3(f"{r:064x}{s:064x}", message))


def signature_valid(algorithm: str, public_key: str, message: bytes, signature: str) -> bool:
    try:
        raw_signature = _b64(signature)
        if algorithm == SM2:
            return _sm2_valid(public_key, message, raw_signature)
        Ed25519PublicKey.from_public_bytes(_b64(public_key)).verify(raw_signature, message)
    except (ValueError, InvalidSignature):
        return False
    return True


# --- signing: what a device does (tests and the demo's stand-in devices) ---------------------------------


@dataclass(frozen=True)
class Sm2PrivateKey:
    d: int

    @classmethod
    def generate(cls) -> Sm2PrivateKey:
        return cls(secrets.randbelow(SM2_N - 2) + 1)

    def _point(self) -> bytes:
        signer = sm2.CryptSM2(private_key="", public_key="")
        return b"\x04" + bytes.fromhex(signer._kg(self.d, sm2.default_ecc_table["g"]))

    def public_key_b64(self) -> str:
        return base64.b64encode(self._point()).decode()

    def sign(self, message: bytes) -> bytes:
        """A DER signature (SM3 with the standard signer id), as GmSSL and OpenSSL make it."""
        signer = _sm2_verifier(self._point())
        signer.private_key = f"{self.d:064x}"
        hex_signature = None
        while hex_signature is None:  # sign() gives None for the rare k that yields r = 0 or s = 0
            hex_signature = signer.sign_with_sm3(message, f"{secrets.randbelow(SM2_N - 1) + 1:064x}")
        return encode_dss_signature(int(hex_signature[:64], 16), int(hex_signature[64:], 16))


DevicePrivateKey = Ed25519PrivateKey | Sm2PrivateKey


def algorithm_of(private: DevicePrivateKey) -> str:
    return SM2 if isinstance(private, Sm2PrivateKey) else ED25519


def public_key_b64(private: DevicePrivateKey) -> str:
    if isinstance(private, Sm2PrivateKey):
        return private.public_key_b64()
    return base64.b64encode(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def sign(private: DevicePrivateKey, message: bytes) -> str:
    return base64.b64encode(private.sign(message)).decode()
