"""What a device signs, and how the platform checks it. The face or fingerprint match happens on the
device; the platform's part is trust: a registered key, a signature over the exact statement, a nonce it
issued minutes ago and never saw used, a device not revoked, a score above the threshold.

The statement is canonical JSON (keys sorted, no spaces, UTF-8), signed with the device's key (SM2 or
Ed25519, `keys.py`); the signature is base64. A device in the field and the test keys in tests and the demo
sign the same bytes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from shebao.certification import keys
from shebao.certification.states import DEVICE_METHODS
from shebao.core.errors import ApplicationError

# The fields an attestation carries; `relative`, `staff`, `outlet`, `home_visit`, `lat`, `lng` are optional.
REQUIRED = ("device", "nonce", "person", "time", "method", "score", "place")
OPTIONAL = ("relative", "staff", "outlet", "home_visit", "lat", "lng", "photo_sha256")


class AttestationRefused(ApplicationError):
    """The device is told exactly why; the same reason is kept as a Refusal row."""

    status = 422

    def __init__(self, reason: str, message):
        super().__init__(message, code=reason)
        self.reason = reason
        self.device_code, self.detail = "", ""
        self.recipient_id: int | None = None


REASONS = {
    "malformed": _("The attestation is incomplete or not in the expected form."),
    "unknown_device": _("This device is not registered with the agency."),
    "revoked_device": _("This device has been revoked and may no longer certify."),
    "bad_signature": _("The signature does not match the device's registered key."),
    "unknown_nonce": _("The one-time value was not issued to this device. Ask for a new one."),
    "replayed_nonce": _("This one-time value has already been used. Ask for a new one."),
    "stale": _(
        "The attestation is too old (more than 5 minutes after its one-time value). Please try again."
    ),
    "low_score": _("The face or fingerprint match was not close enough. Please try again in good light."),
    "unknown_person": _("No benefit recipient has this document number."),
    "relative_not_bound": _("This relative is not bound to act for the recipient."),
    "deceased": _("Payment to this recipient has stopped on evidence of death; please contact the agency."),
    "staff_not_here": _("The staff member named is not serving at this device's outlet."),
    "photo_missing": _("A relative certifying must send a photo or video of the recipient taken now."),
    "photo_mismatch": _("The photo sent is not the one the device signed."),
    "photo_unreadable": _("The photo is not a JPEG or PNG picture."),
    "visit_mismatch": _(
        "The home visit named is not an open visit to certify this person, given to the staff member named."
    ),
}


def refused(reason: str) -> AttestationRefused:
    return AttestationRefused(reason, REASONS[reason])


@dataclass(frozen=True)
class Statement:
    device: str
    nonce: str
    person: str
    time: datetime
    method: str
    score: Decimal
    place: str
    relative: str = ""
    staff: str = ""
    outlet: str = ""
    home_visit: str = ""
    photo_sha256: str = ""
    lat: float | None = None
    lng: float | None = None


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def parse(payload: dict) -> Statement:
    """The statement in the payload, or `malformed`: every required field present, in its form."""
    if not isinstance(payload, dict) or any(not isinstance(payload.get(k), str) for k in REQUIRED):
        raise refused("malformed")
    when = parse_datetime(payload["time"])
    try:
        score = Decimal(payload["score"])
    except InvalidOperation:
        score = None
    extra: dict[str, str] = {
        k: payload.get(k) or "" for k in ("relative", "staff", "outlet", "home_visit", "photo_sha256")
    }
    coords: dict[str, float | None] = {k: payload.get(k) for k in ("lat", "lng")}
    if (
        when is None
        or when.tzinfo is None
        or score is None
        or not (0 <= score <= 1)
        or payload["method"] not in DEVICE_METHODS
        or any(not isinstance(v, str) for v in extra.values())
        or any(v is not None and not isinstance(v, int | float) for v in coords.values())
    ):
        raise refused("malformed")
    return Statement(
        device=payload["device"], nonce=payload["nonce"], person=payload["person"].strip().upper(),
        time=when, method=payload["method"], score=score, place=payload["place"][:100],
        relative=extra["relative"], staff=extra["staff"], outlet=extra["outlet"],
        home_visit=extra["home_visit"], photo_sha256=extra["photo_sha256"],
        lat=coords["lat"], lng=coords["lng"],
    )  # fmt: skip


def sign(private: keys.DevicePrivateKey, payload: dict) -> str:
    """What a device does (tests and the demo's stand-ins for the phone app and terminals use it)."""
    return keys.sign(private, canonical(payload))


def signature_valid(algorithm: str, public_key: str, payload: dict, signature: str) -> bool:
    return keys.signature_valid(algorithm, public_key, canonical(payload), signature)
