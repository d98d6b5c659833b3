"""One A4 page per item guide, with a QR code that opens the same guide on a phone.

reportlab's built-in CID font STSong-Light needs no font file on the server (PDF viewers supply a Song
face); the QR code is drawn from segno's matrix as vector squares, so it decodes at any zoom. The body is
shrunk to fit if a guide is long, so the guide is always one page.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Table, TableStyle

FONT = "STSong-Light"
QR_SIZE = 38 * mm
MARGIN = 16 * mm


def _styles() -> dict[str, ParagraphStyle]:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = ParagraphStyle("base", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=26),
        "h": ParagraphStyle("h", parent=base, fontSize=12.5, leading=18, spaceBefore=6, spaceAfter=2),
        "p": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=9, leading=12, textColor=colors.HexColor("#333333")
        ),
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


def guide_pdf(*, guide, url: str, labels: dict[str, str]) -> bytes:
    """`labels` are the translated headings (the caller translates; data stays Chinese)."""
    from reportlab.pdfgen.canvas import Canvas

    s = _styles()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, pageCompression=1)
    item, version = guide.item, guide.version
    canvas.setTitle(f"{item.name} {item.code}")
    width, height = A4
    draw_qr(canvas, url, width - MARGIN - QR_SIZE, height - MARGIN - QR_SIZE, QR_SIZE)
    canvas.setFont(FONT, 8)
    canvas.drawRightString(width - MARGIN, height - MARGIN - QR_SIZE - 10, labels["scan"])

    def para(text: str, style: str = "p") -> Paragraph:
        return Paragraph(escape(text or "—").replace("\n", "<br/>"), s[style])

    story = [para(item.name, "title"), para(f"{labels['code']}: {item.code}    {labels['version']}", "small")]
    story += [para(labels["conditions"], "h"), para(version.conditions if version else "")]
    rows = [[para(labels["material"], "small"), para(labels["form"], "small"), para(labels["need"], "small")]]
    for m in guide.materials:
        rows.append(
            [
                para(f"{m.name}（{m.count}）", "small"),
                para(labels[m.form], "small"),
                para(labels[m.requirement + "_text"].format(days=m.defer_days), "small"),
            ]
        )
    table = Table(rows, colWidths=[74 * mm, 22 * mm, 38 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [para(labels["materials"], "h"), table]
    steps = version.steps if version else []
    story += [para(labels["steps"], "h"), para("\n".join(f"{n}. {step}" for n, step in enumerate(steps, 1)))]
    story += [para(labels["facts"], "h"), para(labels["facts_text"])]
    story += [para(labels["legal"], "h"), para(version.legal_basis if version else "", "small")]
    story += [para(labels["footer"], "small")]
    column = width - 2 * MARGIN - QR_SIZE - 6 * mm  # the QR code keeps the top right corner
    body = Frame(MARGIN, MARGIN, column, height - 2 * MARGIN, showBoundary=0, topPadding=0)
    body.addFromList([KeepInFrame(column, height - 2 * MARGIN, story, mode="shrink")], canvas)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
