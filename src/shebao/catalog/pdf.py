"""One A4 page per guide (an item or a bundle), with a QR code that opens the same guide on a phone.

reportlab's built-in CID font STSong-Light needs no font file on the server (PDF viewers supply a Song
face); the QR code is drawn from segno's matrix as vector squares, so it decodes at any zoom. The page has
a header band (title on the left, QR code on the right) and a full-width body. A long guide is set in
smaller type until it fits, so a guide is always one page; `Rendered.scale` says how much smaller
(1.0 = not at all), and the tests keep every seed guide legible.

The caller passes translated labels and prepared text: this module only lays the page out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Paragraph, Table, TableStyle
from reportlab.platypus.flowables import _listWrapOn

FONT = "STSong-Light"
QR_SIZE = 36 * mm
MARGIN = 15 * mm
GAP = 5 * mm
BODY_SIZE = 11.0  # points, before any shrinking
SCALES = tuple(x / 100 for x in range(100, 59, -4))  # 1.0, 0.96, ... 0.6


@dataclass
class Rendered:
    data: bytes
    scale: float  # the body's type size relative to BODY_SIZE (1.0 = not shrunk)


@dataclass
class Section:
    heading: str
    text: str = ""  # paragraphs separated by newlines
    lines: Sequence[str] = ()  # a numbered list
    table: Sequence[Sequence[str]] = ()  # first row is the header
    small: bool = False


def _styles(scale: float = 1.0) -> dict[str, ParagraphStyle]:
    """Paragraph styles with the body's type sizes multiplied by `scale` (the title keeps its size)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))

    def style(name: str, size: float, leading: float, **extra) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading, wordWrap="CJK", **extra)

    return {
        "title": style("title", 20, 26),
        "sub": style("sub", 10, 14),
        "h": style("h", 13 * scale, 18 * scale, spaceBefore=7 * scale, spaceAfter=2 * scale),
        "p": style("p", BODY_SIZE * scale, BODY_SIZE * 1.45 * scale),
        "cell": style("cell", 10 * scale, 13.5 * scale),
        "small": style("small", 9 * scale, 12.5 * scale, textColor=colors.HexColor("#333333")),
    }


def draw_qr(canvas, data: str, x: float, y: float, size: float) -> None:
    """Vector QR code (with its quiet zone) whose lower-left corner is (x, y)."""
    qr = segno.make(data, error="m")
    matrix = [list(row) for row in qr.matrix]
    quiet = 4
    cells = len(matrix) + 2 * quiet
    cell = size / cells
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                canvas.rect(
                    x + (c + quiet) * cell, y + size - (r + quiet + 1) * cell, cell, cell, stroke=0, fill=1
                )


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text or "—").replace("\n", "<br/>"), style)


def _table(rows: Sequence[Sequence[str]], s: dict) -> Table:
    # The first column (the material's name and notes) takes the width the short columns leave, also
    # when the body is shrunk to fit the page.
    widths = ["*"] + [26 * mm] * (len(rows[0]) - 1)
    cells = [[_para(cell, s["cell"]) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _body(sections: Sequence[Section], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = []
    for section in sections:
        story.append(_para(section.heading, s["h"]))
        style = s["small"] if section.small else s["p"]
        if section.text:
            story.append(_para(section.text, style))
        if section.lines:
            story.append(_para("\n".join(f"{n}. {line}" for n, line in enumerate(section.lines, 1)), style))
        if section.table:
            story.append(_table(section.table, s))
    return story


def one_page(
    *, title: str, subtitle: str, url: str, scan_label: str, sections: Sequence[Section], footer: str
) -> Rendered:
    """Lay out a guide on one A4 page: header band with the QR code, full-width body, footer."""
    s = _styles()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    width, height = A4
    top = height - MARGIN
    draw_qr(canvas, url, width - MARGIN - QR_SIZE, top - QR_SIZE, QR_SIZE)
    canvas.setFont(FONT, 8)
    canvas.drawRightString(width - MARGIN, top - QR_SIZE - 9, scan_label)
    band = QR_SIZE + 12
    head_width = width - 2 * MARGIN - QR_SIZE - GAP
    head = Frame(MARGIN, top - band, head_width, band, showBoundary=0, topPadding=0, leftPadding=0)
    head.addFromList(
        [KeepInFrame(head_width, band, [_para(title, s["title"]), _para(subtitle, s["sub"])], mode="shrink")],
        canvas,
    )
    body_width = width - 2 * MARGIN
    body_height = top - band - GAP - (MARGIN + 14)
    scale, story = _fitting(sections, body_width, body_height - 12, canvas)  # 12: the frame's padding
    body = Frame(MARGIN, MARGIN + 14, body_width, body_height, showBoundary=0, leftPadding=0, rightPadding=0)
    body.addFromList(story, canvas)
    canvas.setFont(FONT, 8)
    canvas.drawString(MARGIN, MARGIN, footer)
    canvas.showPage()
    canvas.save()
    return Rendered(buf.getvalue(), scale)


def _fitting(sections: Sequence[Section], width: float, height: float, canvas) -> tuple[float, list]:
    """The largest type scale at which the body fits the page (text stays full width, unlike scaling
    the drawn page down); below the smallest, the rest is cut by the frame rather than spill a page."""
    for scale in SCALES:
        story = _body(sections, _styles(scale))
        if _listWrapOn(story, width, canvas)[1] <= height:
            return scale, story
    return SCALES[-1], _body(sections, _styles(SCALES[-1]))
