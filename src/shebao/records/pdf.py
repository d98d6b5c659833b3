"""Laying out a statement or proof: A4, one page per year (records/statements.py's Page), the agency,
title, document number and QR code to the public verification page on each page. Chinese is set in
reportlab's CID font as the catalogue's guides and the decision letters are (catalog/pdf.py); the QR code
is the same vector drawing. A year with many lines is set smaller until it fits: always one page.
The caller signs the result (records/signing.py)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from shebao.catalog.pdf import FONT, draw_qr
from shebao.records.statements import Page

MARGIN = 15 * mm
QR_SIZE = 30 * mm


@dataclass(frozen=True)
class Heading:
    agency: str
    title: str
    number: str
    person: str  # name and masked document number
    period: str
    issued: str
    verify_url: str


def _styles() -> dict[str, ParagraphStyle]:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = ParagraphStyle("doc", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "agency": ParagraphStyle("agency", parent=base, fontSize=12, leading=16),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26),
        "p": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _table(page: Page, style: ParagraphStyle) -> Table:
    rows = [page.columns, *page.rows, page.totals] if page.rows else [page.columns, page.totals]
    table = Table([[_para(c, style) for c in row] for row in rows], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f2f2f2")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _draw_page(canvas: Canvas, heading: Heading, page: Page, number_of: str, s) -> None:
    width, height = A4
    draw_qr(canvas, heading.verify_url, width - MARGIN - QR_SIZE, height - MARGIN - QR_SIZE, QR_SIZE)
    canvas.setFont(FONT, 7.5)
    canvas.drawRightString(width - MARGIN, height - MARGIN - QR_SIZE - 9, _("Scan to verify"))
    head_width = width - 2 * MARGIN - QR_SIZE - 5 * mm
    head = [
        _para(heading.agency, s["agency"]),
        _para(f"{heading.title}（{page.year}）", s["title"]),
        _para(_("Document number: %(n)s") % {"n": heading.number}, s["small"]),
        _para(heading.person, s["p"]),
        _para(heading.period, s["small"]),
    ]
    Frame(MARGIN, height - MARGIN - 44 * mm, head_width, 44 * mm, showBoundary=0, topPadding=0).addFromList(
        head, canvas
    )
    body = [_table(page, s["cell"]), Spacer(1, 4 * mm)]
    body += [_para(f"{label}：{value}", s["p"]) for label, value in page.summary]
    if not page.rows:
        body.insert(0, _para(_("No lines in this year."), s["p"]))
    footer = _(
        "Issued %(issued)s. Signed electronically by the agency; check it at %(url)s or by scanning the code."
    ) % {"issued": heading.issued, "url": heading.verify_url}
    body += [Spacer(1, 4 * mm), _para(footer, s["small"]), _para(number_of, s["small"])]
    frame_height = height - 2 * MARGIN - 48 * mm
    Frame(MARGIN, MARGIN, width - 2 * MARGIN, frame_height, showBoundary=0, topPadding=0).addFromList(
        [KeepInFrame(width - 2 * MARGIN, frame_height, body, mode="shrink")], canvas
    )


def document_pdf(heading: Heading, pages: Sequence[Page]) -> bytes:
    s = _styles()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{heading.title} {heading.number}")
    canvas.setAuthor(heading.agency)
    for index, page in enumerate(pages, 1):
        number_of = _("Page %(n)s of %(total)s") % {"n": index, "total": len(pages)}
        _draw_page(canvas, heading, page, number_of, s)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()
