"""The result document of a decided case as a one-page A4 PDF: the approval letter (准予办理通知书) with
what was decided (the last approver's words: amount, from when, for how long), or the refusal with its
reason; both with the item's legal basis and the citizen's rights of appeal. A QR code opens the case's
tracking page, so anyone holding the paper can check it is genuine.

Drawn with reportlab's built-in CID font (no font file on the server) and catalog.pdf's vector QR."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Frame, Paragraph, Spacer

from shebao.cases.models import Case
from shebao.cases.states import CaseState, StepState
from shebao.catalog.pdf import FONT, draw_qr
from shebao.core.errors import InvalidTransition

MARGIN = 20 * mm
QR_SIZE = 32 * mm
LETTER_STATES = frozenset({CaseState.COMPLETED, CaseState.REJECTED, CaseState.DELIVERED})


def has_letter(case: Case) -> bool:
    return case.state in LETTER_STATES and case.completed_at is not None


def is_refusal(case: Case) -> bool:
    """Rejected, or rejected and then handed over."""
    return case.state == CaseState.REJECTED or case.steps.filter(state=StepState.REJECTED).exists()


def _styles():
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = ParagraphStyle("letter", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28, alignment=1),
        "p": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9.5, leading=14),
    }


def letter_pdf(case: Case, *, url: str) -> bytes:
    """The letter of a decided case; `url` is what its QR code opens."""
    if not has_letter(case):
        raise InvalidTransition(_("There is no decision letter before the case is decided."))
    from reportlab.pdfgen.canvas import Canvas

    rejected = is_refusal(case)
    s = _styles()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, pageCompression=1)
    width, height = A4
    title = _("Decision of refusal") if rejected else _("Approval letter")
    canvas.setTitle(f"{title} {case.number}")
    draw_qr(canvas, url, width - MARGIN - QR_SIZE, height - MARGIN - QR_SIZE, QR_SIZE)
    canvas.setFont(FONT, 8)
    canvas.drawRightString(width - MARGIN, height - MARGIN - QR_SIZE - 10, _("Scan to check this letter"))

    def para(text: str, style: str = "p") -> Paragraph:
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), s[style])

    doc = case.person.primary_document
    facts = {
        "name": case.person.name,
        "doc": doc.masked_number if doc else "",
        "item": case.item_version.item.name,
        "number": case.number,
        "accepted": f"{case.accepted_on:%Y-%m-%d}",
        "outlet": case.outlet.name,
        "agency": case.home_agency.name,
        "decided": f"{timezone.localtime(case.completed_at):%Y-%m-%d}",
    }
    story = [para(case.home_agency.name, "title"), para(title, "title"), Spacer(1, 8 * mm)]
    story.append(para(_("Case number: %(number)s") % facts, "small"))
    story.append(para(_("To %(name)s (document %(doc)s):") % facts))
    if rejected:
        story.append(
            para(
                _(
                    "Your application for “%(item)s”, accepted on %(accepted)s at %(outlet)s, "
                    "has been examined by %(agency)s. It is not approved, for this reason:"
                )
                % facts
            )
        )
        story.append(para(case.decision_reason or "—"))
    else:
        story.append(
            para(
                _(
                    "Your application for “%(item)s”, accepted on %(accepted)s at %(outlet)s, "
                    "has been examined by %(agency)s and is approved."
                )
                % facts
            )
        )
        if case.decision_reason:
            story.append(para(_("What is decided: %(terms)s") % {"terms": case.decision_reason}))
    if case.item_version.legal_basis:
        story.append(para(_("Legal basis: %(basis)s") % {"basis": case.item_version.legal_basis}, "small"))
    story.append(
        para(
            _(
                "If you disagree, you may apply for administrative reconsideration within 60 days "
                "or bring an administrative lawsuit within 6 months of receiving this decision."
            )
        )
    )
    story += [Spacer(1, 10 * mm), para(f"{facts['agency']}    {facts['decided']}")]
    story.append(para(_("Social insurance service hotline") + " 12333", "small"))
    column = width - 2 * MARGIN - QR_SIZE - 6 * mm
    frame = Frame(MARGIN, MARGIN, column, height - 2 * MARGIN, showBoundary=0, topPadding=0)
    frame.addFromList(story, canvas)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
