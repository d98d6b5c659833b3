"""A person whose identity rests on a supervised override (a document the rules refuse, recorded by one
teller) gets no case until a second person approves the document: at the window, over the API, for an
employer's staff alike. After the approval the same submission is accepted."""

import json

import pytest

from shebao.cases.models import Case
from shebao.core.errors import NotAllowed
from shebao.core.models import Role
from shebao.people import services as people_services
from shebao.testing import make_staff, signed_in

RECEIVED = ["resident_id_card", "unemployment_registration"]


def mark_pending(cast):
    """The cast person's document as if recorded by override and not yet approved."""
    document = cast.person.documents.get()
    document.override_reason, document.override_by = "证件号码格式特殊，已核验原件", cast.teller
    document.save()
    return document


def submit(client, world, key):
    body = {"person_id": world.cast.person.pk, "item_code": "T-UNE", "received": RECEIVED}
    return client.post(
        "/api/v1/cases", json.dumps(body), content_type="application/json", headers={"Idempotency-Key": key}
    )


def test_the_api_refuses_the_case_until_the_document_is_approved(client, world):
    document = mark_pending(world.cast)
    signed_in(client, world.cast.teller)
    refused = submit(client, world, "wait-1")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "identity_override_pending"
    assert not Case.objects.exists()

    manager = make_staff("manager.jb", "赵主任", world.cast.jiangbei, [Role.MANAGER])
    people_services.document_override_approve(user=manager, document_id=document.pk)
    accepted = submit(client, world, "wait-1")
    assert accepted.status_code == 201 and Case.objects.count() == 1


def test_the_service_refuses_it_too(world):
    from shebao.cases.services import case_accept

    mark_pending(world.cast)
    with pytest.raises(NotAllowed) as refused:
        case_accept(
            teller=world.cast.teller,
            person=world.cast.person,
            item_code="T-UNE",
            received=set(RECEIVED),
            idempotency_key="svc-1",
        )
    assert refused.value.code == "identity_override_pending"
    assert not Case.objects.exists()
