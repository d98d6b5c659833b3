"""Statements and proofs: one signed A4 page per year, a QR code that decodes to the verification page,
a PAdES signature pyHanko's validator accepts against the agency's CA, and refuses once one byte changes."""

import io
from datetime import date
from decimal import Decimal

import pypdfium2
import pytest
import zxingcpp

from shebao.core.errors import ValidationFailed
from shebao.core.models import AuditEntry
from shebao.records import documents
from shebao.records.models import IssuedDocument
from shebao.records.signing import signer
from shebao.records.tests.helpers import a_batch, a_month, a_payment

pytestmark = pytest.mark.django_db


def months(person, years=(2022, 2023)):
    batch = a_batch()
    for year in years:
        for m in range(1, 13):
            a_month(person, batch, month=date(year, m, 1))
    return batch


def issue(cast, kind="statement", start=date(2022, 1, 1), end=date(2023, 12, 1), **kw):
    return documents.document_issue(documents.checked(kind, cast.person, start, end, **kw), channel="window")


def pages(data: bytes):
    return list(pypdfium2.PdfDocument(io.BytesIO(data)))


def test_a_statement_is_one_signed_a4_page_per_year_with_a_qr_code_to_its_verification(cast):
    months(cast.person)
    doc = issue(cast)
    pdf = bytes(doc.pdf)
    rendered = pages(pdf)
    assert len(rendered) == 2
    assert all(round(p.get_size()[0]) == 595 and round(p.get_size()[1]) == 842 for p in rendered)
    image = rendered[0].render(scale=2).to_pil()
    codes = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert codes == [f"http://127.0.0.1:8000/records/verify/{doc.number}/"]
    text = rendered[1].get_textpage().get_text_range()
    assert doc.number in text and "2023" in text
    check = signer().check(pdf)
    assert check.valid and check.reason == "ok"
    assert AuditEntry.objects.filter(action="records.document.issued", data__number=doc.number).exists()


def test_one_changed_byte_fails_the_signature_validator(cast):
    months(cast.person, years=(2023,))
    pdf = bytes(issue(cast, start=date(2023, 1, 1)).pdf)
    signed_range_byte = pdf.index(b"/Type /Page") + 2  # inside the signed content, not the signature
    tampered = bytearray(pdf)
    tampered[signed_range_byte] ^= 0x01
    check = signer().check(bytes(tampered))
    assert not check.valid
    assert signer().check(pdf).valid


def test_a_pdf_signed_by_another_ca_is_untrusted(cast, tmp_path):
    from shebao.records.signing import PadesSigner, make_demo_credentials

    other = make_demo_credentials(tmp_path)
    stranger = PadesSigner(key_file=other["agency_key"], cert_file=other["agency"], ca_file=other["ca"])
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.drawString(100, 700, "forged statement")
    canvas.save()
    forged = stranger.sign(buf.getvalue())
    assert stranger.check(forged).valid  # good under its own CA
    assert signer().check(forged).valid is False


def test_the_printed_totals_are_the_sum_of_the_printed_lines(cast):
    batch = a_batch()
    for m, personal in ((1, "400.10"), (2, "399.95"), (5, "512.33")):
        a_month(cast.person, batch, month=date(2023, m, 1), personal_amount=Decimal(personal))
    text = pages(bytes(issue(cast, start=date(2023, 1, 1)).pdf))[0].get_textpage().get_text_range()
    assert "1,312.38" in text  # 400.10 + 399.95 + 512.33


def test_a_pension_certificate_sums_each_month_and_says_what_was_paid(cast):
    batch = a_batch(kind="payments")
    recipient = cast.person.benefits.get()
    a_payment(recipient, batch, month=date(2024, 1, 1))
    a_payment(recipient, batch, month=date(2024, 1, 1), part="adjustment", amount=Decimal("88.80"))
    a_payment(recipient, batch, month=date(2024, 2, 1), state="held")
    doc = issue(cast, kind="pension_proof", start=date(2024, 1, 1), end=date(2024, 12, 1))
    text = pages(bytes(doc.pdf))[0].get_textpage().get_text_range()
    assert "4,088.80" in text and "2,088.80" in text  # due, paid


def test_bad_requests_are_refused_and_issue_nothing(cast):
    future = date(date.today().year + 1, 1, 1)
    for kind, start, end, schemes in (
        ("nonsense", date(2023, 1, 1), date(2023, 2, 1), ()),
        ("statement", date(2023, 5, 1), date(2023, 2, 1), ()),
        ("statement", date(2023, 1, 1), future, ()),
        ("insurance_proof", date(2023, 1, 1), date(2023, 2, 1), ("medical",)),
    ):
        with pytest.raises(ValidationFailed):
            documents.checked(kind, cast.person, start, end, schemes)
    assert not IssuedDocument.objects.exists()


def test_the_deploy_check_asks_for_the_agency_s_own_signing_key(settings, tmp_path):
    from django.core.checks import run_checks

    def ids():
        return {m.id for m in run_checks(tags=["security"], include_deployment_checks=True)}

    assert "shebao.W101" in ids()
    settings.SHEBAO = {**settings.SHEBAO, "SIGNING": {**settings.SHEBAO["SIGNING"], "KEY_FILE": "/k.pem"}}
    assert "shebao.W101" not in ids()


def test_outside_the_demo_without_a_key_nothing_is_signed(settings):
    from shebao.records.signing import SigningNotConfigured

    signer.cache_clear()
    settings.SHEBAO = {**settings.SHEBAO, "DEMO_OUTBOX": False}
    try:
        with pytest.raises(SigningNotConfigured):
            signer()
    finally:
        signer.cache_clear()
