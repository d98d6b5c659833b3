from datetime import date

from django.core.management import call_command

from shebao.cases import services
from shebao.cases.models import CaseEvent
from shebao.cases.states import CaseState
from shebao.cases.tests.helpers import new_key, pin_day


def accept(world):
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration"},
        idempotency_key=new_key(),
    ).case


def test_a_reminder_comes_before_the_deadline_once_a_day(world, monkeypatch):
    case = accept(world)  # deferred material due 2026-12-08
    assert services.case_reminders(today=date(2026, 11, 30)) == {"reminded": 0, "suspended": 0}
    assert services.case_reminders(today=date(2026, 12, 4)) == {"reminded": 1, "suspended": 0}
    assert services.case_reminders(today=date(2026, 12, 4)) == {"reminded": 0, "suspended": 0}
    assert CaseEvent.objects.filter(case=case, action="reminded").count() == 1


def test_an_overdue_deficiency_suspends_the_case_with_a_notice_once(world, monkeypatch):
    case = accept(world)
    pin_day(monkeypatch, date(2026, 12, 9))
    call_command("case_reminders")
    call_command("case_reminders")
    case.refresh_from_db()
    assert case.state == CaseState.SUSPENDED
    event = CaseEvent.objects.get(case=case, action="suspended")
    assert event.data["missing"] == ["解除劳动合同证明"]


def test_the_missing_material_resumes_a_suspended_case_where_it_stopped(world, monkeypatch):
    case = accept(world)
    services.case_claim(user=world.cast.reviewer, number=case.number)
    services.case_reminders(today=date(2026, 12, 9))
    case.refresh_from_db()
    assert case.state == CaseState.SUSPENDED
    services.case_supplement(
        actor=world.cast.teller, number=case.number, material_key="termination_certificate"
    )
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
