"""QR codes as inline SVG (segno), so pages and printouts need no image service."""

import base64
import functools

import segno
from django.utils.html import escape


# A page shows the same few codes again and again (an item's guide, a bundle's); drawing one costs ~10 ms.
@functools.lru_cache(maxsize=2048)
def svg(data: str, *, scale: int = 4, label: str = "") -> str:
    """A full-size QR code (never a Micro QR, which phone cameras do not read) with a viewBox, so a
    stylesheet may resize it without cropping it; with `label`, an image with that accessible name."""
    code = segno.make_qr(data, error="m")
    width, height = code.symbol_size(scale=scale)
    markup = code.svg_inline(scale=scale, omitsize=True)
    name = f' role="img" aria-label="{escape(label)}"' if label else ""
    attrs = f'xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"{name} viewBox='
    return markup.replace("<svg viewBox=", "<svg " + attrs, 1)


def svg_data_uri(data: str, *, scale: int = 4) -> str:
    raw = svg(data, scale=scale).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(raw).decode()
