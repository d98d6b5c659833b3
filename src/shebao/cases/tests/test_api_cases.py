import json

from shebao.cases.models import Case
from shebao.testing import signed_in

RECEIVED = ["resident_id_card", "unemployment_registration"]


def post(client, path, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def submit(client, world, key="api-1", received=RECEIVED):
    body = {"person_id": world.cast.person.pk, "item_code": "T-UNE", "received": received}
    return post(client, "/api/v1/cases", body, **({"Idempotency-Key": key} if key else {}))


def test_a_retry_with_the_same_idempotency_key_returns_the_same_case_with_200(client, world):
    signed_in(client, world.cast.teller)
    first = submit(client, world)
    again = submit(client, world)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["cases"][0]["number"] == again.json()["cases"][0]["number"]
    assert again.json()["created"] is False and Case.objects.count() == 1


def test_a_submission_without_an_idempotency_key_is_refused(client, world):
    signed_in(client, world.cast.teller)
    response = submit(client, world, key="")
    assert response.status_code == 422 and "Idempotency-Key" in response.json()["error"]["fields"]


def test_a_missing_required_material_is_a_422_naming_it_and_no_case(client, world):
    signed_in(client, world.cast.teller)
    response = submit(client, world, received=["resident_id_card"])
    error = response.json()["error"]
    assert response.status_code == 422 and error["code"] == "materials_missing"
    assert "material_unemployment_registration" in error["fields"]
    assert not Case.objects.exists()


def test_back_office_actions_through_the_api_in_order(client, world):
    signed_in(client, world.cast.teller)
    number = submit(client, world).json()["cases"][0]["number"]
    signed_in(client, world.cast.approver)
    early = post(client, f"/api/v1/cases/{number}/actions", {"action": "claim"})
    assert early.status_code == 409 and early.json()["error"]["code"] == "earlier_step_pending"
    signed_in(client, world.cast.reviewer)
    assert post(client, f"/api/v1/cases/{number}/actions", {"action": "claim"}).status_code == 200
    done = post(client, f"/api/v1/cases/{number}/actions", {"action": "approve"})
    assert done.json()["steps"][0]["state"] == "approved"
    got = client.get(f"/api/v1/cases/{number}")
    assert got.status_code == 200 and got.json()["home_agency"] == "500103"
    assert got.json()["person"] == "李**"


def test_the_outsider_and_anonymous_are_refused(client, world):
    signed_in(client, world.cast.teller)
    number = submit(client, world).json()["cases"][0]["number"]
    signed_in(client, world.cast.outsider)
    # A case the outsider may not see answers as if it did not exist.
    assert client.get(f"/api/v1/cases/{number}").status_code == 404
    assert post(client, f"/api/v1/cases/{number}/actions", {"action": "claim"}).status_code == 404
    assert submit(client, world, key="x").status_code == 403
    client.logout()
    assert client.get(f"/api/v1/cases/{number}").status_code == 401
