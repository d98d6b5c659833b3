"""The supervised override through the pages and the API a teller and a manager use: the register page offers
it when the rules refuse the number, a reason is required, the record waits flagged; a manager over the
recording teller approves it from their list or the API; the recorder, a reviewer and an outsider cannot."""

import json

import pytest

from shebao.core.models import AuditEntry, Role
from shebao.people.models import IdentityDocument, Person
from shebao.testing import make_staff, signed_in

pytestmark = pytest.mark.django_db
NINE_DIGITS = "123456789"  # a Taiwan travel permit has 8 digits (or 10 characters): the rules refuse 9
REASON = "本人持有的台胞证为9位号码，已核验原件"
FORM = {"name": "林志明", "doc_type": "taiwan_travel_permit", "number": NINE_DIGITS, "phone": "13900001234"}


def jiangbei_manager(cast):
    return make_staff("manager.jb", "赵主任", cast.jiangbei, [Role.MANAGER])


def recorded(client, cast) -> IdentityDocument:
    signed_in(client, cast.teller)
    response = client.post("/staff/persons/new/", FORM | {"override": "1", "reason": REASON})
    assert response.status_code == 302
    return IdentityDocument.objects.get(number=NINE_DIGITS)


def test_the_register_page_offers_the_override_only_when_the_rules_refuse_the_number(client, cast):
    signed_in(client, cast.teller)
    refused = client.post("/staff/persons/new/", FORM)
    assert refused.status_code == 422
    assert 'data-testid="override"' in refused.content.decode()
    assert not Person.objects.filter(name="林志明").exists()
    plain = client.get("/staff/persons/new/")
    assert 'data-testid="override"' not in plain.content.decode()


def test_an_override_without_a_reason_is_refused_and_stores_nothing(client, cast):
    signed_in(client, cast.teller)
    response = client.post("/staff/persons/new/", FORM | {"override": "1", "reason": "ok"})
    assert response.status_code == 422
    assert 'id="reason-error"' in response.content.decode()
    assert not IdentityDocument.objects.filter(number=NINE_DIGITS).exists()


def test_the_teller_records_it_and_the_person_page_flags_it_pending(client, cast):
    document = recorded(client, cast)
    assert document.override_pending and document.person.phone == "13900001234"
    page = client.get(f"/staff/persons/{document.person_id}/").content.decode()
    assert 'data-testid="document-override"' in page and NINE_DIGITS not in page


def test_a_manager_over_the_teller_approves_from_the_list(client, cast):
    document = recorded(client, cast)
    manager = jiangbei_manager(cast)
    signed_in(client, manager)
    listing = client.get("/staff/persons/overrides/").content.decode()
    assert (
        listing.count('data-testid="override-row"') == 1 and REASON in listing and NINE_DIGITS not in listing
    )
    assert "/staff/persons/overrides/" in client.get("/staff/").content.decode()  # the workbench card
    response = client.post(f"/staff/persons/overrides/{document.pk}/approve/")
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.override_approved_by == manager and document.overridden
    assert 'data-testid="no-overrides"' in client.get("/staff/persons/overrides/").content.decode()


def test_the_recorder_a_reviewer_and_another_district_s_manager_cannot_approve(client, cast):
    document = recorded(client, cast)
    for user in (cast.teller, cast.reviewer, cast.manager, cast.outsider):
        signed_in(client, user)
        response = client.post(f"/staff/persons/overrides/{document.pk}/approve/")
        assert response.status_code in (403, 404), user
    # The manager of another district sees an empty list: nothing of theirs to approve.
    signed_in(client, cast.manager)
    assert 'data-testid="no-overrides"' in client.get("/staff/persons/overrides/").content.decode()
    document.refresh_from_db()
    assert document.override_pending
    assert not AuditEntry.objects.filter(action="people.document.override_approved").exists()


def post(client, path, body=None):
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def test_the_api_records_lists_and_approves_with_the_number_masked(client, cast):
    signed_in(client, cast.teller)
    created = post(client, "/api/v1/persons/overrides", FORM | {"reason": REASON})
    assert created.status_code == 201 and NINE_DIGITS not in created.content.decode()
    assert (
        post(client, "/api/v1/persons/overrides", FORM | {"number": "987654321", "reason": ""}).status_code
        == 422
    )
    document = IdentityDocument.objects.get(number=NINE_DIGITS)
    refused = post(client, f"/api/v1/persons/overrides/{document.pk}/approve")
    assert refused.status_code == 403 and refused.json()["error"]["code"]
    assert client.get("/api/v1/persons/overrides").status_code == 403  # a teller reviews nothing

    signed_in(client, jiangbei_manager(cast))
    listed = client.get("/api/v1/persons/overrides").json()
    assert [d["document_id"] for d in listed] == [document.pk] and listed[0]["pending"] is True
    assert NINE_DIGITS not in json.dumps(listed)
    approved = post(client, f"/api/v1/persons/overrides/{document.pk}/approve")
    assert approved.status_code == 200 and approved.json()["pending"] is False
    assert post(client, f"/api/v1/persons/overrides/{document.pk}/approve").status_code == 404
