"""What is inside an uploaded scan or photo, once its first bytes said which kind it is.

Pictures are decoded and encoded again (Pillow): what is stored is pixels only, turned upright by the
camera's orientation tag, without the rest of EXIF (where and when a photo was taken, the phone) and
without anything appended after the picture (a polyglot). The size in pixels is read from the header and
refused before anything is decoded, so a small file that claims a huge picture costs nothing.

PDFs are parsed (pikepdf) and refused when they could act when opened: scripts, launch actions, automatic
actions, attached files. A PDF that does not parse is refused as well: nobody could read it anyway.
"""

from __future__ import annotations

import io
import warnings

import pikepdf
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# A page scanned at 600 dpi is 35 million pixels; a phone's photo 12 to 50. Decoding 40 million costs about
# 120 MB of memory, which a worker can spare; beyond that it is refused.
MAX_PIXELS = 40_000_000

PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
# Keys that make a PDF do something when opened or carry other files, and the action types that run
# something; a plain scan has none of them.
ACTIVE_KEYS = frozenset(
    {"/JavaScript", "/JS", "/Launch", "/AA", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/RichMedia", "/XFA"}
)
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"})


class RefusedContent(Exception):
    """The file's content is refused; `message` is a lazy translation with a %(name)s placeholder."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params

    def text(self, filename: str) -> str:
        return self.message % {"name": filename, **self.params}


def clean_picture(content: bytes, mime: str) -> bytes:
    """The picture encoded again in its own format, upright, without metadata; RefusedContent otherwise."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns about a decompression bomb below twice its own limit: an error here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[PILLOW_FORMATS[mime]]) as image:
                _check_pixels(image.width, image.height)
                upright = ImageOps.exif_transpose(image)
                return _encode(upright, mime, image.info.get("icc_profile"))
    except RefusedContent:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise RefusedContent(_too_many_pixels(), mp=MAX_PIXELS // 1_000_000) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise RefusedContent(
            _("The file “%(name)s” cannot be read as a picture. Please scan it again.")
        ) from None


def _too_many_pixels():
    return _("The picture “%(name)s” has too many pixels (at most %(mp)s million). Please scan it smaller.")


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise RefusedContent(_too_many_pixels(), mp=MAX_PIXELS // 1_000_000)


def _encode(image: Image.Image, mime: str, icc_profile: bytes | None) -> bytes:
    out = io.BytesIO()
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if mime == "image/jpeg":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=90, **options)
    else:
        image.save(out, format="PNG", **options)
    return out.getvalue()


def check_pdf(content: bytes) -> None:
    """Refuses (RefusedContent) a PDF that does not parse, is locked, or could act when opened."""
    try:
        with pikepdf.open(io.BytesIO(content), attempt_recovery=False) as pdf:
            active = any(_is_active(obj) for obj in pdf.objects)
    except pikepdf.PasswordError:
        raise RefusedContent(
            _("The PDF “%(name)s” is locked with a password. Please scan the paper again.")
        ) from None
    except (pikepdf.PdfError, ValueError, RecursionError):
        raise RefusedContent(
            _("The file “%(name)s” cannot be read as a PDF. Please scan it again.")
        ) from None
    if active:
        raise RefusedContent(
            _(
                "The PDF “%(name)s” contains scripts, actions or attached files. "
                "Please scan the paper again or print it to a new PDF."
            )
        )


def _is_active(obj) -> bool:
    """Whether this object, or a dictionary or array written inside it, makes the PDF act. Objects it
    refers to are visited on their own (pdf.objects lists every one)."""
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        if ACTIVE_KEYS.intersection(obj.keys()) or str(obj.get("/S", "")) in ACTIVE_ACTIONS:
            return True
        children = list(obj.values())
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return False
    return any(
        _is_active(child)
        for child in children
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect
    )
