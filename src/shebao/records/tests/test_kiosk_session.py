"""The self-service kiosk on the server side: number, texted code, a proof issued through the kiosk
channel and shown only to this session; the session ends after the idle limit or on "finish"."""

import time

import pytest

from shebao.core.models import AuditEntry
from shebao.people.tests.citizen_helpers import last_code
from shebao.records.models import IssuedDocument
from shebao.records.tests.helpers import CAST_ID

pytestmark = pytest.mark.django_db
PHONE = "13812345678"  # the cast person's


def signed_in_at_kiosk(client):
    client.post("/records/kiosk/", {"number": CAST_ID})
    response = client.post("/records/kiosk/code/", {"code": last_code(PHONE)})
    assert response.status_code == 302 and response["Location"] == "/records/kiosk/choose/"
    return client


def test_a_person_prints_a_proof_through_the_kiosk(client, cast):
    signed_in_at_kiosk(client)
    page = client.post("/records/kiosk/choose/", {"kind": "pension_proof"})
    doc = IssuedDocument.objects.get()
    assert doc.channel == "kiosk" and doc.person == cast.person and doc.kind == "pension_proof"
    assert f"/records/kiosk/documents/{doc.number}.pdf" in page.content.decode()
    pdf = client.get(f"/records/kiosk/documents/{doc.number}.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert AuditEntry.objects.filter(action="records.kiosk.signed_in").count() == 1


def test_a_wrong_code_or_a_made_up_kind_issues_nothing(client, cast):
    client.post("/records/kiosk/", {"number": CAST_ID})
    assert client.post("/records/kiosk/code/", {"code": "000000"}).status_code == 422
    assert client.get("/records/kiosk/choose/")["Location"] == "/records/kiosk/"
    signed_in_at_kiosk(client)
    assert client.post("/records/kiosk/choose/", {"kind": "anything"}).status_code == 422
    assert not IssuedDocument.objects.exists()


def test_the_session_ends_after_the_idle_limit_and_on_finish(client, cast, monkeypatch, settings):
    signed_in_at_kiosk(client)
    client.post("/records/kiosk/choose/", {"kind": "statement"})
    number = IssuedDocument.objects.get().number
    later = time.time() + settings.SHEBAO["KIOSK_IDLE_SECONDS"] + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(f"/records/kiosk/documents/{number}.pdf").status_code == 404
    assert client.get("/records/kiosk/choose/")["Location"] == "/records/kiosk/"
    monkeypatch.undo()
    signed_in_at_kiosk(client)
    client.post("/records/kiosk/end/")
    assert client.get("/records/kiosk/choose/")["Location"] == "/records/kiosk/"
    assert "records_kiosk" not in client.session
