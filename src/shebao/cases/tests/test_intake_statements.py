"""Issue 15: what one case intake over the API costs the database, counted (behaviour, not timing).

Before: 52 statements in this test (46 in production): two audit entries, each locking the chain's single
head row; the teller's profile, outlet and agencies read one by one; the agreement read three times;
the person's records read three times; the answer read back; the session rewritten on every call."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from shebao.cases.tests.helpers import make_applicants
from shebao.core.models import AuditEntry
from shebao.testing import signed_in

BODY = {"item_code": "T-UNE", "received": ["resident_id_card", "unemployment_registration"]}
# Statements per intake, savepoints included: 14, and 5 for the notice of the accepted case in the
# applicant's inbox (notify: the person, the notice in a savepoint, its deliveries). The catalogue and the
# point's agreement are kept by the process while their stamps stay the same: one read of the stamps
# instead of seven reads (core.stamps); so are the signed-in user with their staff profile, the posts they
# act in and whether they enrolled a second factor; the applicant's benefits are read only if no record
# decides.
MOST = 19


def intake(client, person, key):
    body = json.dumps({**BODY, "person_id": person.pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/v1/cases", body, content_type="application/json", headers={"Idempotency-Key": key}
        )
    return response, [q["sql"] for q in queries.captured_queries]


def test_an_intake_takes_a_bounded_number_of_statements_and_one_audit_entry(client, world):
    persons = make_applicants(world.cast.yuzhong, 3)
    signed_in(client, world.cast.teller)
    intake(client, persons[0], "warm-up")  # the first intake publishes the item's default review flow
    intake(client, persons[1], "reads-the-catalogue")  # the flow is a catalogue write: read it again
    entries = AuditEntry.objects.count()
    response, statements = intake(client, persons[2], "counted")
    assert response.status_code == 201
    assert len(statements) <= MOST, "\n".join(statements)
    assert AuditEntry.objects.count() == entries + 1
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == "cases.case.accepted" and entry.data["person"] == persons[2].pk


def test_an_api_call_that_changes_nothing_in_the_session_does_not_write_it(client, world):
    persons = make_applicants(world.cast.yuzhong, 1)
    signed_in(client, world.cast.teller)
    _, statements = intake(client, persons[0], "no-session-write")
    assert not [sql for sql in statements if "django_session" in sql and not sql.startswith("SELECT")]


def test_a_retried_intake_writes_nothing_but_its_read_of_the_person(client, world):
    persons = make_applicants(world.cast.yuzhong, 1)
    signed_in(client, world.cast.teller)
    first, _ = intake(client, persons[0], "retried")
    entries = AuditEntry.objects.count()
    again, statements = intake(client, persons[0], "retried")
    assert again.status_code == 200 and again.json() == {**first.json(), "created": False}
    assert [
        sql.split()[0]
        for sql in statements
        # "(SELECT ...) UNION (SELECT ...)" is a read too (the roles a teller acts in: own and stood in for)
        if not sql.lstrip("(").startswith(("SELECT", "SAVEPOINT", "RELEASE"))
    ] == ["INSERT"]
    assert AuditEntry.objects.count() == entries + 1
    assert AuditEntry.objects.order_by("-id").first().action == "people.person.viewed"
