"""A batch job publishes its events many at a time (events.publish_many: a silent run's chunk of 2,000
certified persons). The notices and deliveries are exactly those one event at a time would make (person,
bound relatives, opt-outs kept, no second notice for the same period), and the number of queries does not
grow with the number of persons: one at a time, 2,000 persons cost ~12,000 queries and ~11 s."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shebao.core import events
from shebao.notify.models import Delivery, Notice
from shebao.notify.services import opt_out_set
from shebao.people.citizen_models import ProxyBinding
from shebao.people.tests.citizen_helpers import person_with_phone

pytestmark = pytest.mark.django_db
CERTIFIED = "certification.recipient.certified"


def persons(n: int, start: int) -> list:
    """Persons with phones, every third with a bound son, every fifth opted out of texts."""
    from shebao.people.demo import with_check_digit

    made = []
    for i in range(start, start + n):
        body = f"50010319500101{i:03d}"
        person = person_with_phone(f"王{i}", with_check_digit(body), f"139{i:08d}")
        if i % 3 == 0:
            son_body = f"50010319800101{i:03d}"
            son = person_with_phone(f"王{i}子", with_check_digit(son_body), f"138{i:08d}")
            ProxyBinding.objects.create(proxy=son, principal=person, relation="child", consent="sms")
        if i % 5 == 0:
            opt_out_set(person=person, scenario=None, channel="sms", out=True)
        made.append(person)
    return made


def deliveries() -> list[tuple]:
    fields = ("notice__person_id", "notice__period", "person_id", "audience", "channel", "state", "body")
    return sorted(Delivery.objects.values_list(*fields))


def items(people, period="2026-12-03") -> list[tuple[int, dict]]:
    return [(p.pk, {"period": period, "method": "silent"}) for p in people]


def test_many_at_once_make_what_one_at_a_time_makes(cast, seeded):
    people = persons(12, 100)
    for person_id, data in items(people):
        events.publish(CERTIFIED, person_id=person_id, **data)
    one_at_a_time = deliveries()
    Delivery.objects.all().delete()
    Notice.objects.all().delete()
    events.publish_many(CERTIFIED, items(people))
    assert deliveries() == one_at_a_time
    assert {row[5] for row in one_at_a_time} == {"pending", "delivered", "opted_out"}
    assert any(row[3] == "relatives" for row in one_at_a_time)
    events.publish_many(CERTIFIED, items(people))  # a re-run of the chunk: nothing new
    assert deliveries() == one_at_a_time


def test_the_queries_do_not_grow_with_the_persons(cast, seeded):
    warm, few, many = persons(1, 199), persons(4, 200), persons(40, 300)
    events.publish_many(CERTIFIED, items(warm))  # the scenarios are read once a minute per process
    with CaptureQueriesContext(connection) as for_few:
        events.publish_many(CERTIFIED, items(few))
    with CaptureQueriesContext(connection) as for_many:
        events.publish_many(CERTIFIED, items(many))
    assert Notice.objects.filter(scenario__code="certification_done").count() == 45
    # Reads once per batch, whatever its size; only the deliveries' INSERT is cut into the database's batches.
    reads = [
        [q["sql"] for q in c.captured_queries if q["sql"].startswith("SELECT")] for c in (for_few, for_many)
    ]
    assert len(reads[0]) == len(reads[1]) <= 5
    assert len(for_many.captured_queries) <= 12


def test_a_plain_subscriber_still_hears_every_event(cast):
    heard = []

    def hear(event):
        heard.append(event.person_id)

    events.subscribe(CERTIFIED, hear)
    try:
        events.publish_many(CERTIFIED, [(1, {}), (2, {}), (None, {})])
    finally:
        events.unsubscribe(CERTIFIED, hear)
    assert heard == [1, 2, None]
