"""Issue 15: an intake takes the catalogue it checks against (the item, its guide version in force and its
materials, its review flow) and the agreement of its cooperation point from what its process kept, and sees
every change to them at the next intake, whoever made it and however: database triggers replace the data's
stamp on each write (core.stamps), so a plain UPDATE, raw SQL or a new flow version is not missed."""

import json
from contextlib import suppress
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from shebao.cases import flows
from shebao.cases.flows import THREE_STEP, flow_for_intake, flow_in_force, flow_publish
from shebao.cases.models import Case
from shebao.cases.tests.helpers import DAY, make_applicants
from shebao.catalog.models import Material
from shebao.catalog.selectors import guide_in_force
from shebao.core.requestmemo import remembering
from shebao.network.models import Agreement, AgreementStaff, AgreementStatus, Step
from shebao.testing import signed_in

RECEIVED = ["resident_id_card", "unemployment_registration"]  # the termination certificate is deferred
CATALOGUE_TABLES = ('"catalog_', '"cases_reviewflow"', '"cases_flowstep"')


def intake(client, person, key):
    body = json.dumps({"item_code": "T-UNE", "received": RECEIVED, "person_id": person.pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/v1/cases", body, content_type="application/json", headers={"Idempotency-Key": key}
        )
    return response, [q["sql"] for q in queries.captured_queries]


def catalogue_reads(statements: list[str]) -> list[str]:
    return [sql for sql in statements if sql.startswith("SELECT") and any(t in sql for t in CATALOGUE_TABLES)]


def warmed(client, world, n: int) -> list:
    """n applicants, after two intakes: the first publishes the item's default flow (a catalogue write),
    the second reads the catalogue as it now is."""
    persons = make_applicants(world.cast.yuzhong, n + 2)
    signed_in(client, world.cast.teller)
    for k, person in enumerate(persons[:2]):
        assert intake(client, person, f"warm-{k}")[0].status_code == 201
    return persons[2:]


def test_an_intake_after_the_first_reads_no_catalogue_rows_and_answers_the_same(client, world):
    persons = make_applicants(world.cast.yuzhong, 3)
    signed_in(client, world.cast.teller)
    intake(client, persons[0], "publishes-the-flow")
    read, reading = intake(client, persons[1], "reads")
    kept, keeping = intake(client, persons[2], "kept")
    assert len(catalogue_reads(reading)) == 5  # item, version, materials, flow, steps
    assert catalogue_reads(keeping) == []
    first, second = read.json()["cases"][0], kept.json()["cases"][0]
    assert kept.status_code == 201 and second["materials"] == first["materials"]
    assert [s["role"] for s in second["steps"]] == ["reviewer", "approver"]
    assert second["deadline"] == first["deadline"]


def test_a_material_made_required_by_a_plain_update_is_asked_for_at_the_next_intake(client, world):
    person = warmed(client, world, 1)[0]
    Material.objects.filter(version__item=world.unemployment, key="termination_certificate").update(
        requirement="required", defer_days=None
    )
    response, _ = intake(client, person, "after-the-update")
    error = response.json()["error"]
    assert response.status_code == 422 and error["code"] == "materials_missing"
    assert "termination_certificate" in json.dumps(error, ensure_ascii=False)


def test_an_item_withdrawn_by_raw_sql_is_refused_at_the_next_intake(client, world):
    person = warmed(client, world, 1)[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_serviceitem SET active = %s WHERE code = 'T-UNE'", [False])
    response, _ = intake(client, person, "after-the-withdrawal")
    assert response.status_code == 404


def test_a_new_review_flow_is_the_next_intakes_flow(client, world):
    person = warmed(client, world, 1)[0]
    flow_publish(item=world.unemployment, steps=THREE_STEP, effective_from=DAY)
    response, _ = intake(client, person, "after-the-new-flow")
    assert response.status_code == 201
    assert [s["role"] for s in response.json()["cases"][0]["steps"]] == ["reviewer", "reviewer", "approver"]


def test_what_was_read_in_a_transaction_that_rolled_back_is_not_served_after_it(world):
    version, materials = guide_in_force(world.unemployment, DAY)
    keys = [m.key for m in materials]
    with suppress(RuntimeError), transaction.atomic():
        Material.objects.filter(version=version, key="power_of_attorney").delete()
        assert [m.key for m in guide_in_force(world.unemployment, DAY)[1]] == keys[:3]
        raise RuntimeError("roll back")
    assert [m.key for m in guide_in_force(world.unemployment, DAY)[1]] == keys


def test_an_agreement_suspended_by_a_plain_update_stops_the_next_intake_at_its_point(client, world):
    person = warmed(client, world, 1)[0]
    Agreement.objects.filter(pk=world.agreement.pk).update(status=AgreementStatus.SUSPENDED)
    response, _ = intake(client, person, "after-the-suspension")
    # Refused already at reading the applicant: a point's teller sees people only under its agreement.
    assert response.status_code == 403
    assert not Case.objects.filter(person=person).exists()


def test_a_teller_struck_from_the_agreement_may_not_accept_at_the_next_intake(client, world):
    person = warmed(client, world, 1)[0]
    AgreementStaff.objects.filter(agreement=world.agreement, step=Step.ACCEPT).delete()
    response, _ = intake(client, person, "after-striking-out")
    assert response.status_code == 403 and response.json()["error"]["code"] == "teller_not_authorised"


def test_rows_read_by_a_transaction_that_wrote_them_are_not_kept_for_anyone_else(world):
    """A request whose open transaction changed the catalogue reads its own uncommitted rows: they must not
    be kept under the token that the process's other requests still see."""
    version = guide_in_force(world.unemployment, DAY)[0]
    with suppress(RuntimeError), transaction.atomic():
        with remembering():  # one request: the token is read once, before the write
            assert len(guide_in_force(world.unemployment, DAY + timedelta(days=1))[1]) == 4
            Material.objects.filter(version=version, key="power_of_attorney").delete()
            assert len(guide_in_force(world.unemployment, DAY + timedelta(days=2))[1]) == 3
        raise RuntimeError("roll back")
    with remembering():  # the next request, after the rollback
        assert len(guide_in_force(world.unemployment, DAY + timedelta(days=2))[1]) == 4


def test_a_default_flow_published_by_another_intake_at_the_same_moment_is_taken(world, monkeypatch):
    """Two first intakes of an item at once both find no flow and both publish the default one; the loser's
    unique key fails and it must read the winner's flow afresh, not the "no flow" its process kept when
    its request began (the crash test on PostgreSQL met it: 500 and an AssertionError)."""
    item = world.unemployment
    with remembering():
        assert flow_in_force(item, DAY) is None  # kept for this request's token
        winner = flow_publish(
            item=item, steps=THREE_STEP, effective_from=date(2000, 1, 1)
        )  # the other intake

        def lost_the_race(**_publish):
            raise IntegrityError("duplicate key value violates unique constraint")

        monkeypatch.setattr(flows, "flow_publish", lost_the_race)
        assert flow_for_intake(item, DAY).pk == winner.pk
