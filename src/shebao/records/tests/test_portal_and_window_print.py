"""Where documents are printed: the citizen in My services (for themself and a bound relative), and the
teller at the window for the person in front of them (a staff read of that person, audited); a teller of
another district finds nobody."""

from datetime import date

import pytest

from shebao.core.models import AuditEntry, Role
from shebao.people.models import InsuranceRecord, ProxyBinding
from shebao.people.tests.citizen_helpers import person_with_phone, sign_in
from shebao.records.models import IssuedDocument
from shebao.records.signing import signer
from shebao.records.tests.helpers import CAST_ID, a_batch, a_month
from shebao.testing import make_staff, signed_in

pytestmark = pytest.mark.django_db
FORM = {"kind": "insurance_proof", "from": "2023-01", "to": "2023-12", "schemes": ["employee_pension"]}


@pytest.fixture
def ledger(cast):
    batch = a_batch()
    for m in range(1, 13):
        a_month(cast.person, batch, month=date(2023, m, 1))
    return cast.person


def test_a_teller_of_the_home_district_prints_for_the_person_at_the_window_audited(client, cast, ledger):
    teller = make_staff("hall.teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=cast.yuzhong_hall)
    signed_in(client, teller)
    page = client.get("/records/window/", {"number": CAST_ID})
    assert page.status_code == 200 and ledger.masked_name in page.content.decode()
    viewed = AuditEntry.objects.get(action="people.person.viewed", object_id=str(ledger.pk))
    assert viewed.actor_id == teller.pk and viewed.data == {"via": "records window"}
    response = client.post("/records/window/", {"number": CAST_ID, **FORM})
    doc = IssuedDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/records/documents/{doc.number}.pdf"
    assert doc.channel == "window" and doc.issued_by == teller and doc.scheme_list == ["employee_pension"]
    pdf = client.get(response["Location"])
    assert signer().check(pdf.content).valid


def test_a_teller_of_another_district_finds_nobody_and_prints_nothing(client, cast, ledger):
    signed_in(client, cast.teller)
    assert client.get("/records/window/", {"number": CAST_ID}).status_code in (403, 404)
    assert client.post("/records/window/", {"number": CAST_ID, **FORM}).status_code in (403, 404)
    assert not IssuedDocument.objects.exists()
    assert not AuditEntry.objects.filter(action="people.person.viewed").exists()


def test_a_citizen_gets_their_own_and_a_bound_relative_s_from_my_services(client, cast, ledger):
    child = person_with_phone("李小明", "500103198005151238", "13900001111")
    InsuranceRecord.objects.create(
        person=child, insurance_type="employee_pension", home_agency=cast.yuzhong, start_date=date(2002, 7, 1)
    )
    sign_in(client, "500103198005151238", "13900001111")
    assert 'data-testid="records-panel"' in client.get("/my/").content.decode()
    assert client.post("/records/my/", {"person": cast.person.pk, **FORM}).status_code == 422  # not bound
    assert client.post("/records/my/", {"person": child.pk, **FORM}).status_code == 302
    ProxyBinding.objects.create(proxy=child, principal=cast.person, relation="child", consent="window")
    response = client.post("/records/my/", {"person": cast.person.pk, **FORM})
    assert response.status_code == 302
    doc = IssuedDocument.objects.get(person=cast.person)
    assert doc.channel == "portal" and doc.issued_by is None
    assert client.get(response["Location"]).status_code == 200
    page = client.get("/records/my/").content.decode()
    assert doc.number in page
    bad = client.post("/records/my/", {"person": child.pk, **FORM, "to": "2023-13"})
    assert bad.status_code == 422 and IssuedDocument.objects.count() == 2
