"""Issue 13: proof of life (领取待遇资格认证) is the recipient's own. Staff see the recipient at the window,
or the recipient's face is checked on a device; a proxy (letter or binding) or an online form with
uploaded papers never certifies."""

import json

import pytest

from shebao.cases import online, services
from shebao.cases.models import Case, OnlineApplication
from shebao.cases.tests.helpers import PDF, new_key
from shebao.cases.uploads import check_scan
from shebao.core.errors import ValidationFailed
from shebao.people import proxies
from shebao.people.tests.citizen_helpers import person_with_phone, sign_in
from shebao.testing import signed_in

SON = "500103198001011238"
RECEIVED = {"resident_id_card", "unemployment_registration"}


@pytest.fixture
def certification(world):
    """The test item T-UNE stands for a yearly certification, offered at the bank point and online."""
    world.unemployment.category = "certification"
    world.unemployment.channels = ["window", "online"]
    world.unemployment.save(update_fields=["category", "channels"])
    return world


def _accept(world, proxy=None):
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received=RECEIVED | {"power_of_attorney"},
        proxy=proxy,
        idempotency_key=new_key(),
    )


def test_the_recipient_seen_at_the_window_certifies(certification):
    assert _accept(certification).case.proxy_basis == ""


def test_a_proxy_with_a_letter_of_authorisation_cannot_certify_for_the_recipient(certification):
    with pytest.raises(ValidationFailed) as refused:
        _accept(certification, services.ProxyIn("王小明", "resident_id", SON, "letter"))
    assert refused.value.code == "proof_of_life_in_person" and "proxy" in refused.value.fields
    assert not Case.objects.exists()


def test_even_a_bound_relative_cannot_certify_at_the_window_in_the_recipients_place(certification):
    son = person_with_phone("王小明", SON, "13900001111")
    proxies.proxy_bind_at_window(
        teller=certification.cast.teller, proxy=son, principal=certification.cast.person, relation="parent"
    )
    with pytest.raises(ValidationFailed) as refused:
        _accept(certification, services.ProxyIn("王小明", "resident_id", SON, "binding"))
    assert refused.value.code == "proof_of_life_in_person"
    assert not Case.objects.exists()


def test_the_api_refuses_a_proxy_for_a_proof_of_life_with_a_422(client, certification):
    signed_in(client, certification.cast.teller)
    body = {
        "person_id": certification.cast.person.pk,
        "item_code": "T-UNE",
        "received": sorted(RECEIVED | {"power_of_attorney"}),
        "proxy": {"name": "王小明", "doc_number": SON, "basis": "letter"},
    }
    response = client.post(
        "/api/v1/cases", json.dumps(body), content_type="application/json", headers={"Idempotency-Key": "p1"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "proof_of_life_in_person"
    assert not Case.objects.exists()


def test_an_online_form_with_papers_never_certifies(certification):
    with pytest.raises(ValidationFailed) as refused:
        online.online_apply(
            citizen=certification.cast.person,
            person=certification.cast.person,
            item_code="T-UNE",
            scans=[check_scan(k, f"{k}.pdf", PDF) for k in RECEIVED],
            idempotency_key=new_key(),
        )
    assert refused.value.code == "proof_of_life_not_online"
    assert not OnlineApplication.objects.exists()


def test_the_online_pages_do_not_offer_a_proof_of_life_form(client, certification):
    sign_in(client, "500103195303071224", "13812345678")
    assert "online-item-T-UNE" not in client.get("/cases/apply/").content.decode()
    response = client.get("/cases/apply/T-UNE/", follow=True)
    assert "face recognition" in response.content.decode() or "刷脸" in response.content.decode()
    assert not OnlineApplication.objects.exists()
