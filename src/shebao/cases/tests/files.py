"""Files that look like scans but must not be kept as they came: pictures with metadata or too many pixels,
PDFs that act when opened. Built here, so each test says what it sends."""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
from PIL import Image

from shebao.cases.tests.helpers import picture


def png_claiming(width: int, height: int) -> bytes:
    """Only a PNG header, claiming a picture of width × height (a few dozen bytes: a decompression bomb's
    first move)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    iend = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + iend


def sideways_phone_photo() -> bytes:
    """A JPEG 60 wide and 20 high whose EXIF says: turn it 90° to show it (orientation 6), and where and on
    what phone it was taken."""
    image = Image.new("RGB", (60, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"  # make
    exif[0x0110] = "SecretPhone 12"  # model
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def polyglot_png() -> bytes:
    """A PNG that is also an HTML page with a script, after the picture's end."""
    return picture("PNG") + b"<html><script>alert(document.cookie)</script></html>"


def _pdf(change) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _open_action_script(pdf):
    pdf.Root.OpenAction = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )


def _launch_link(pdf):
    action = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 100, 100], A=action
    )
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([link]))


def _attached_file(pdf):
    pdf.attachments["invoice.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 an executable")


def _page_open_action(pdf):
    pdf.pages[0].AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("x")))


def _document_script(pdf):
    script = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("1")))
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), script]))
    )


ACTIVE_PDFS = {
    "opens with a script": lambda: _pdf(_open_action_script),
    "a link that launches a program": lambda: _pdf(_launch_link),
    "an attached file": lambda: _pdf(_attached_file),
    "an action when a page opens": lambda: _pdf(_page_open_action),
    "a document-level script": lambda: _pdf(_document_script),
}
BROKEN_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nnot a PDF after all\n"
