"""QR codes as inline SVG (segno), so pages and printouts need no image service."""

import base64

import segno


def svg(data: str, *, scale: int = 4) -> str:
    return segno.make(data, error="m").svg_inline(scale=scale)


def svg_data_uri(data: str, *, scale: int = 4) -> str:
    raw = segno.make(data, error="m").svg_inline(scale=scale).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(raw).decode()
