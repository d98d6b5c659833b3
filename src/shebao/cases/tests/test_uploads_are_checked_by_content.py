import pytest

from shebao.cases.tests.helpers import PDF, PNG, picture
from shebao.cases.uploads import check_scan, sniff
from shebao.core.errors import ValidationFailed

JPEG = picture("JPEG")


def test_pdf_jpeg_and_png_are_recognised_by_their_first_bytes():
    assert sniff(PDF)[0] == "application/pdf"
    assert sniff(JPEG)[0] == "image/jpeg"
    assert sniff(PNG)[0] == "image/png"


def test_a_renamed_file_is_judged_by_its_content_not_its_name():
    with pytest.raises(ValidationFailed) as caught:
        check_scan("resident_id_card", "身份证.pdf", b"MZ\x90\x00 an executable")
    assert "scan_resident_id_card" in caught.value.fields
    assert check_scan("resident_id_card", "scan.exe", PDF).content_type == "application/pdf"


def test_an_empty_or_oversized_file_is_refused(settings):
    settings.SHEBAO = {**settings.SHEBAO, "CASE_UPLOAD_MAX_BYTES": 100}
    with pytest.raises(ValidationFailed):
        check_scan("resident_id_card", "a.pdf", b"")
    with pytest.raises(ValidationFailed) as caught:
        check_scan("resident_id_card", "a.pdf", PDF + b"x" * 200)
    assert "MB" in str(caught.value.fields["scan_resident_id_card"])
