"""Scanned materials: PDF, JPEG or PNG, recognised by the file's first bytes (never by its name or the
browser's claimed type), within a size limit, and safe inside (cases.filecontent: pictures encoded again,
PDFs without scripts or attachments). Anything else is refused with a clear message. Served back as the
type they were recognised as, in a sandbox (scan_response)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from shebao.cases.filecontent import RefusedContent, check_pdf, clean_picture
from shebao.core.errors import ValidationFailed

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# (magic prefix, MIME type, file extension)
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def max_bytes() -> int:
    return int(getattr(settings, "SHEBAO", {}).get("CASE_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> tuple[str, str] | None:
    """(MIME type, extension) from the first bytes, or None when it is none of the accepted kinds."""
    for magic, mime, ext in SIGNATURES:
        if head.startswith(magic):
            return mime, ext
    return None


@dataclass(frozen=True)
class CheckedScan:
    material_key: str
    content: bytes
    content_type: str
    extension: str
    sha256: str

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=f"{self.sha256[:24]}.{self.extension}")

    def store(self, folder: str, day: date) -> str:
        """Save the file under folder/YYYY/MM/ (named by its hash); returns the stored name."""
        file = self.as_file()
        return default_storage.save(f"{folder}/{day:%Y/%m}/{file.name}", file)


def check_scan(material_key: str, filename: str, content: bytes) -> CheckedScan:
    """Validate one upload; raises ValidationFailed naming the field (the material) on any problem."""
    field = f"scan_{material_key}"
    limit = max_bytes()
    if not content:
        raise ValidationFailed(fields={field: _("The file “%(name)s” is empty.") % {"name": filename}})
    if len(content) > limit:
        raise ValidationFailed(
            fields={
                field: _("The file “%(name)s” is larger than %(mb)s MB.")
                % {"name": filename, "mb": round(limit / 1024 / 1024, 1)}
            }
        )
    kind = sniff(content[:16])
    if kind is None:
        raise ValidationFailed(
            fields={
                field: _(
                    "The file “%(name)s” is not a PDF, JPEG or PNG. Please scan it again as one of these."
                )
                % {"name": filename}
            }
        )
    try:
        content = safe_content(content, kind[0])
    except RefusedContent as refused:
        raise ValidationFailed(fields={field: refused.text(filename)}) from None
    return CheckedScan(material_key, content, kind[0], kind[1], hashlib.sha256(content).hexdigest())


def safe_content(content: bytes, mime: str) -> bytes:
    """What is kept of an upload of this (sniffed) type: a picture encoded again, a PDF as it came once
    checked; RefusedContent when it is unsafe or unreadable."""
    if mime == "application/pdf":
        check_pdf(content)
        return content
    return clean_picture(content, mime)


def read_upload(material_key: str, upload) -> CheckedScan:
    """From a Django UploadedFile: reads at most one byte past the limit, so a huge file costs nothing."""
    content = upload.read(max_bytes() + 1)
    return check_scan(material_key, getattr(upload, "name", "") or "", content)


MOST_PICTURES = 6  # of one material: a card's two sides, a booklet's few pages


def read_material(material_key: str, uploads: list) -> list[CheckedScan]:
    """The several pictures of one material (a card's front and back), each checked."""
    if len(uploads) > MOST_PICTURES:
        message = _("At most %(n)d files for one material.") % {"n": MOST_PICTURES}
        raise ValidationFailed(fields={f"scan_{material_key}": message})
    return [read_upload(material_key, upload) for upload in uploads]


def read_scans(files) -> list[CheckedScan]:
    """Every picture of every material of a form's scan_<material> fields (request.FILES)."""
    return [
        scan
        for name, uploads in files.lists()
        if name.startswith("scan_")
        for scan in read_material(name[5:], uploads)
    ]


# A stored file is shown as the type it was recognised as, never sniffed by the browser, and in a sandbox
# with nothing allowed: even a file that is also valid HTML or SVG runs no script and reaches no page.
SCAN_POLICY = "sandbox; default-src 'none'; frame-ancestors 'self'"


def scan_response(file, content_type: str) -> FileResponse:
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["Content-Security-Policy"] = SCAN_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Frame-Options"] = "SAMEORIGIN"  # the case page shows a PDF in a frame
    response["Cache-Control"] = "no-store, private"
    return response
