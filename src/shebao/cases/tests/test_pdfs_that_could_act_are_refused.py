"""A PDF upload is parsed, and refused when it could do something when opened (a script, a launch action,
an automatic action, an attached file) or does not parse at all; a plain scan passes unchanged. Through the
window intake page and the online application page, as through the service."""

import pytest

from shebao.cases.demo import _sample_scan
from shebao.cases.models import Case, OnlineApplication
from shebao.cases.tests.files import ACTIVE_PDFS, BROKEN_PDF
from shebao.cases.tests.helpers import PDF, upload
from shebao.cases.uploads import check_scan
from shebao.core.errors import ValidationFailed
from shebao.people.tests.citizen_helpers import sign_in
from shebao.testing import signed_in


@pytest.mark.parametrize("kind", sorted(ACTIVE_PDFS))
def test_a_pdf_that_could_act_is_refused(kind):
    with pytest.raises(ValidationFailed) as refused:
        check_scan("resident_id_card", "id.pdf", ACTIVE_PDFS[kind]())
    assert "脚本、自动操作或附件" in str(refused.value.fields["scan_resident_id_card"])


def test_a_pdf_that_does_not_parse_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        check_scan("resident_id_card", "id.pdf", BROKEN_PDF)
    assert "作为PDF读取" in str(refused.value.fields["scan_resident_id_card"])


def test_a_plain_scan_passes_unchanged():
    scanned = _sample_scan("居民身份证")
    assert check_scan("resident_id_card", "id.pdf", scanned).content == scanned


def test_the_window_intake_page_refuses_a_pdf_with_a_script_in_chinese(client, world):
    signed_in(client, world.cast.teller)
    response = client.post(
        "/cases/accept/submit/",
        {
            "person_id": world.cast.person.pk,
            "item": "T-UNE",
            "key": "script-1",
            "received": ["resident_id_card", "unemployment_registration"],
            "scan_resident_id_card": upload("id.pdf", ACTIVE_PDFS["opens with a script"]()),
        },
    )
    assert response.status_code == 422 and "脚本" in response.content.decode()
    assert not Case.objects.exists()


def test_the_online_application_page_refuses_a_pdf_with_an_attached_file(client, world):
    world.unemployment.channels = ["window", "online"]
    world.unemployment.save(update_fields=["channels"])
    sign_in(client, "500103195303071224", "13812345678")
    form = client.get("/cases/apply/T-UNE/").content.decode()
    key = form.split('name="key" value="')[1].split('"')[0]
    sent = client.post(
        "/cases/apply/T-UNE/",
        {
            "key": key,
            "person": str(world.cast.person.pk),
            "scan_resident_id_card": upload("id.pdf", ACTIVE_PDFS["an attached file"]()),
            "scan_unemployment_registration": upload("reg.pdf", PDF),
        },
    )
    assert sent.status_code == 422 and "附件" in sent.content.decode()
    assert not OnlineApplication.objects.exists()
