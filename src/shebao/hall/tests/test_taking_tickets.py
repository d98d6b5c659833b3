"""Taking a ticket: numbers per category and day, elderly priority from the ID, guides and triage."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shebao.core.errors import NotAllowed, ValidationFailed
from shebao.core.models import AuditEntry
from shebao.hall.models import Ticket
from shebao.hall.services import ticket_take

pytestmark = pytest.mark.django_db


def test_numbers_count_up_per_category_and_start_again_the_next_day(hall):
    now = timezone.now()
    first = ticket_take(outlet=hall.outlet, category_code="pension", now=now)
    second = ticket_take(outlet=hall.outlet, category_code="pension", now=now)
    other = ticket_take(outlet=hall.outlet, category_code="reg", now=now)
    tomorrow = ticket_take(outlet=hall.outlet, category_code="pension", now=now + timedelta(days=1))
    assert [first.number, second.number, other.number, tomorrow.number] == ["A001", "A002", "B001", "A001"]
    assert first.state == "waiting" and first.priority == ""


def test_a_visitor_aged_70_gets_priority_and_the_id_number_is_neither_stored_nor_logged(hall):
    ticket = ticket_take(outlet=hall.outlet, category_code="pension", doc_number="500103195303071224")
    assert ticket.priority == "elderly"
    entry = AuditEntry.objects.get(action="hall.ticket.taken")
    assert "500103195303071224" not in str(entry.data)
    assert not any("195303071224" in str(v) for v in Ticket.objects.values().get(pk=ticket.pk).values())


def test_a_wrong_id_number_is_refused_with_a_field_error_and_no_ticket(hall):
    with pytest.raises(ValidationFailed) as exc:
        ticket_take(outlet=hall.outlet, category_code="pension", doc_number="500103195303071225")
    assert "doc_number" in exc.value.fields
    assert not Ticket.objects.exists()


def test_an_unknown_category_is_refused(hall):
    with pytest.raises(ValidationFailed) as exc:
        ticket_take(outlet=hall.outlet, category_code="nope")
    assert "category" in exc.value.fields


def test_a_guide_confirms_a_priority_class_with_a_triage_note(hall):
    ticket = ticket_take(
        outlet=hall.outlet,
        category_code="reg",
        channel="guide",
        user=hall.guide,
        declared_priority="disabled",
        triage_note="轮椅，材料齐全",
    )
    assert ticket.priority == "disabled" and ticket.channel == "guide"
    assert AuditEntry.objects.get(action="hall.ticket.taken").actor_id == hall.guide.pk


@pytest.mark.parametrize("who", ["anonymous", "outsider", "bank_teller"])
def test_only_staff_of_the_hall_may_declare_priority_or_issue_as_a_guide(hall, cast, who):
    user = {"anonymous": None, "outsider": cast.outsider, "bank_teller": cast.teller}[who]
    with pytest.raises(NotAllowed):
        ticket_take(outlet=hall.outlet, category_code="reg", user=user, declared_priority="veteran")
    with pytest.raises(NotAllowed):
        ticket_take(outlet=hall.outlet, category_code="reg", user=user, channel="guide")
    assert not Ticket.objects.exists()
