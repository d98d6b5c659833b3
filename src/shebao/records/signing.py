"""Signing the agency's documents, and checking a signature: the one swappable part.

`DocumentSigner` is the whole interface: `sign(pdf) -> signed pdf` and `check(pdf) -> SignatureCheck`.
`PadesSigner` signs with pyHanko (PAdES baseline, ECDSA/RSA with an X.509 certificate) and checks with
pyHanko's validator against the agency's CA: the signed bytes must be intact, cover the whole file, and
chain to that CA. An SM2 seal (GB/T 38540) is another class with the same two methods (README:
"Statements and proofs"), named by CERT_SIGNER.

Where the key comes from (settings.SHEBAO["SIGNING"], read by envconf):
- production: CERT_SIGNING_KEY_FILE (PEM private key), CERT_SIGNING_CERT_FILE (the agency's certificate)
  and CERT_SIGNING_CA_FILE (the CA that issued it, the trust root checks use), optional
  CERT_SIGNING_KEY_PASSWORD;
- the demo (DEMO_OUTBOX, as `make run` sets): without them, a CA and an agency certificate are made once
  under var/signing/ (like the demo audit key). Outside the demo, no key means signing is refused.
"""

from __future__ import annotations

import datetime
import io
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils.module_loading import import_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

log = logging.getLogger(__name__)
FIELD = "AgencySeal"


class SigningNotConfigured(RuntimeError):
    pass


@dataclass(frozen=True)
class SignatureCheck:
    valid: bool
    reason: str  # "ok", "no_signature", "unreadable", "tampered", "untrusted", "partial"
    signer: str = ""


class DocumentSigner(Protocol):
    def sign(self, pdf: bytes) -> bytes: ...

    def check(self, pdf: bytes) -> SignatureCheck: ...


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class PadesSigner:
    """PAdES signatures with pyHanko, from PEM files."""

    def __init__(self, *, key_file: Path, cert_file: Path, ca_file: Path, password: str = "") -> None:
        key = serialization.load_pem_private_key(key_file.read_bytes(), password.encode() or None)
        cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
        self.ca = _asn1_cert(x509.load_pem_x509_certificate(ca_file.read_bytes()))
        der_key = key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        self._signer = signers.SimpleSigner(
            signing_cert=_asn1_cert(cert),
            signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
            cert_registry=SimpleCertificateStore.from_certs([self.ca]),
        )
        self.subject = cert.subject.rfc4514_string()

    def sign(self, pdf: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES, reason="社会保险权益证明"
        )
        return signers.sign_pdf(writer, meta, signer=self._signer).getvalue()

    def check(self, pdf: bytes) -> SignatureCheck:
        try:
            signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
        except Exception:
            return SignatureCheck(False, "unreadable")
        if not signatures:
            return SignatureCheck(False, "no_signature")
        try:
            status = validate_pdf_signature(signatures[-1], ValidationContext(trust_roots=[self.ca]))
        except Exception:
            return SignatureCheck(False, "unreadable")
        signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
        if not (status.intact and status.valid):
            return SignatureCheck(False, "tampered", signer)
        if not status.trusted:
            return SignatureCheck(False, "untrusted", signer)
        if status.coverage != SignatureCoverageLevel.ENTIRE_FILE or len(signatures) != 1:
            return SignatureCheck(False, "partial", signer)
        return SignatureCheck(True, "ok", signer)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "社保一窗通 演示"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(subject, issuer, public_key, issuer_key, *, ca: bool, years: int) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(_usage(ca=ca), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )


def make_demo_credentials(folder: Path) -> dict[str, Path]:
    """A demo CA and the agency's certificate signed by it (ECDSA P-256), written once into `folder`."""
    paths = {name: folder / f"{name}.pem" for name in ("ca", "agency_key", "agency")}
    if all(p.exists() for p in paths.values()):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("社保一窗通 演示根证书")
    ca = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, ca=True, years=20)
    agency = _certificate(
        _name("社会保险事务中心 电子印章(演示)"), ca_name, key.public_key(), ca_key, ca=False, years=5
    )
    pem = serialization.Encoding.PEM
    paths["agency_key"].write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    paths["agency_key"].chmod(0o600)
    paths["agency"].write_bytes(agency.public_bytes(pem))
    paths["ca"].write_bytes(ca.public_bytes(pem))
    return paths


@cache
def signer() -> DocumentSigner:
    """The configured signer (CERT_SIGNER, default PadesSigner), made once per process."""
    conf = settings.SHEBAO["SIGNING"]
    cls = import_string(conf["SIGNER"])
    if conf["KEY_FILE"]:
        return cls(
            key_file=Path(conf["KEY_FILE"]),
            cert_file=Path(conf["CERT_FILE"]),
            ca_file=Path(conf["CA_FILE"]),
            password=conf["KEY_PASSWORD"],
        )
    if not settings.SHEBAO["DEMO_OUTBOX"]:
        raise SigningNotConfigured(
            "set CERT_SIGNING_KEY_FILE, CERT_SIGNING_CERT_FILE and CERT_SIGNING_CA_FILE"
        )
    demo = make_demo_credentials(settings.VAR_DIR / "signing")
    log.info("signing documents with the demo certificate under %s", demo["agency"].parent)
    return cls(key_file=demo["agency_key"], cert_file=demo["agency"], ca_file=demo["ca"])
