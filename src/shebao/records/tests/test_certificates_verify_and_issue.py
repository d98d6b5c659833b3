"""Verification (page and API: valid / revoked / unknown, masked, never the record; an uploaded PDF checked
by the signature validator), revoking by a manager (audited), and issuing over the API (staff of the home
agency, the citizen and their proxy; a teller of another district and a citizen for a stranger: 404)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shebao.core.models import AuditEntry
from shebao.people.models import InsuranceRecord, ProxyBinding
from shebao.people.tests.citizen_helpers import person_with_phone, sign_in
from shebao.records import documents
from shebao.records.models import IssuedDocument
from shebao.records.tests.helpers import a_batch, a_month
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db
FULL_NAME = "李秀英"


@pytest.fixture
def doc(cast):
    batch = a_batch()
    for m in range(1, 13):
        a_month(cast.person, batch, month=date(2023, m, 1))
    req = documents.checked("statement", cast.person, date(2023, 1, 1), date(2023, 12, 1))
    return documents.document_issue(req, channel="window")


def api_verify(client, number):
    return client.get(f"/api/v1/certificates/{number}/verify")


def test_a_valid_document_shows_its_outline_masked_and_never_the_record(client, doc):
    body = api_verify(client, doc.number).json()
    assert body["status"] == "valid" and body["sha256"] == doc.sha256
    assert body["period"] == "2023-01 – 2023-12" and body["kind"] == "statement"
    assert body["name"] != FULL_NAME and body["name"].startswith("李")
    page = client.get(f"/records/verify/{doc.number}/").content.decode()
    assert 'data-status="valid"' in page and doc.sha256 in page and FULL_NAME not in page
    assert "500103195303071224" not in page and "400.00" not in page


def test_an_unknown_number_says_unknown(client):
    assert api_verify(client, "QY-20260101-XXXXXXXXXX").json() == {
        "status": "unknown",
        "number": "QY-20260101-XXXXXXXXXX",
        **dict.fromkeys(("kind", "kind_label", "name", "period", "issued_on", "revoked_on", "sha256")),
    }
    assert 'data-status="unknown"' in client.get("/records/verify/QY-1/").content.decode()


def upload(client, number, data: bytes):
    pdf = SimpleUploadedFile("doc.pdf", data, content_type="application/pdf")
    return client.post(f"/api/v1/certificates/{number}/verify", {"pdf": pdf}).json()


def test_the_uploaded_pdf_is_checked_by_the_validator_and_one_changed_byte_fails(client, doc):
    good = bytes(doc.pdf)
    assert upload(client, doc.number, good) | {"document": None} == {
        "document": None,
        "signature_valid": True,
        "reason": "ok",
        "sha256": doc.sha256,
        "matches": True,
    }
    tampered = bytearray(good)
    at = good.index(b"/MediaBox") + 3
    tampered[at] ^= 0x20  # one byte of the signed content
    result = upload(client, doc.number, bytes(tampered))
    assert result["signature_valid"] is False and result["matches"] is False
    page = client.post(
        f"/records/verify/{doc.number}/", {"pdf": SimpleUploadedFile("d.pdf", bytes(tampered))}
    ).content.decode()
    assert 'data-valid="no"' in page


def test_a_manager_of_the_home_agency_revokes_with_a_reason_audited(client, cast, doc):
    outsider = signed_in(client, cast.outsider)
    assert outsider.post(f"/records/verify/{doc.number}/revoke/", {"reason": "错误"}).status_code in (
        403,
        404,
    )
    client.logout()
    manager = signed_in(client, cast.manager)
    manager.post(f"/records/verify/{doc.number}/revoke/", {"reason": ""})
    assert not IssuedDocument.objects.get(pk=doc.pk).revoked  # no reason, nothing changed
    manager.post(f"/records/verify/{doc.number}/revoke/", {"reason": "缴费记录更正后重开"})
    doc.refresh_from_db()
    assert doc.revoked and doc.revoke_reason == "缴费记录更正后重开" and doc.revoked_by == cast.manager
    entry = AuditEntry.objects.get(action="records.document.revoked")
    assert entry.actor_id == cast.manager.pk and entry.data["number"] == doc.number
    client.logout()
    assert api_verify(client, doc.number).json()["status"] == "revoked"
    revoked_upload = upload(client, doc.number, bytes(doc.pdf))
    assert revoked_upload["signature_valid"] and revoked_upload["document"]["status"] == "revoked"


def test_verification_is_rate_limited_per_address(client, doc):
    statuses = [api_verify(client, doc.number).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


def issue(client, person, kind="statement"):
    body = {"kind": kind, "person": person.pk, "start": "2023-01", "end": "2023-12"}
    return client.post("/api/v1/certificates", body, content_type="application/json")


def test_staff_of_the_home_agency_issue_over_the_api_audited_others_get_404(client, cast, doc):
    response = issue(signed_in(client, cast.reviewer), cast.person)
    assert response.status_code == 201
    body = response.json()
    assert body["pdf_url"].endswith(f"/records/documents/{body['number']}.pdf")
    entry = AuditEntry.objects.get(action="records.document.issued", data__number=body["number"])
    assert entry.actor_id == cast.reviewer.pk and entry.data["channel"] == "api"
    pdf = client.get(f"/records/documents/{body['number']}.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    for user in (cast.teller, cast.outsider):
        client.logout()
        assert issue(signed_in(client, user), cast.person).status_code == 404, user
        assert client.get(f"/records/documents/{body['number']}.pdf").status_code == 404
    assert IssuedDocument.objects.count() == 2


def test_a_citizen_issues_their_own_and_a_bound_relative_s_never_a_stranger_s(client, cast, doc):
    child = person_with_phone("李小明", "500103198005151238", "13900001111")
    InsuranceRecord.objects.create(
        person=child, insurance_type="employee_pension", home_agency=cast.yuzhong, start_date=date(2002, 7, 1)
    )
    stranger = person_with_phone("赵四", "500101197201010013", "13900002222")
    sign_in(client, "500103198005151238", "13900001111")
    assert issue(client, child).status_code == 201
    assert issue(client, stranger).status_code == 404
    assert issue(client, cast.person).status_code == 404
    assert client.get(f"/records/documents/{doc.number}.pdf").status_code == 404
    ProxyBinding.objects.create(proxy=child, principal=cast.person, relation="child", consent="window")
    assert issue(client, cast.person).status_code == 201
    assert client.get(f"/records/documents/{doc.number}.pdf").status_code == 200
    proxied = AuditEntry.objects.filter(action="records.document.issued", object_id=str(cast.person.pk))
    assert proxied.filter(data__proxy=child.pk).count() == 1
