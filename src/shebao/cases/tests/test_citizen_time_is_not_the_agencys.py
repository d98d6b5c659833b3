"""Time the citizen holds is not the agency's (RULES.md, working days): a suspended case keeps the working
days the agency had left and restarts with them on resumption (it is not born overdue), and a case decided
but waiting only for a deferred material is neither overdue nor counted in the overdue statistics."""

from datetime import date

from shebao.cases import selectors, services
from shebao.cases.states import CaseState
from shebao.cases.tests.helpers import approve_all, new_key, pin_day
from shebao.catalog.models import ItemVersion
from shebao.testing import signed_in

DEFERRED = {"resident_id_card", "unemployment_registration"}  # the termination certificate follows


def accept(world):
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received=DEFERRED,
        idempotency_key=new_key(),
    ).case


def test_a_resumed_case_gets_a_new_time_limit_from_the_resumption(world, monkeypatch):
    ItemVersion.objects.filter(item=world.unemployment).update(time_limit_days=20)
    case = accept(world)  # Tuesday 2026-11-24: limit 2026-12-22, certificate due 2026-12-08
    assert (case.deadline, case.deficiency_due) == (date(2026, 12, 22), date(2026, 12, 8))
    services.case_claim(user=world.cast.reviewer, number=case.number)
    services.case_reminders(today=date(2026, 12, 9))  # suspended: 9 working days were left
    pin_day(monkeypatch, date(2026, 12, 16))
    services.case_supplement(
        actor=world.cast.teller, number=case.number, material_key="termination_certificate"
    )
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
    # 9 working days from Wednesday 16 December, not the old 22 December.
    assert case.deadline == date(2026, 12, 29) and case.paused_days is None
    assert selectors.remaining_days(case, date(2026, 12, 23)) == 4


def test_a_case_suspended_past_its_limit_restarts_due_on_the_day_of_resumption_not_overdue(
    world, monkeypatch
):
    case = accept(world)  # limit 2026-12-01, certificate due 2026-12-08
    services.case_claim(user=world.cast.reviewer, number=case.number)
    services.case_reminders(today=date(2026, 12, 9))
    pin_day(monkeypatch, date(2026, 12, 14))
    services.case_supplement(
        actor=world.cast.teller, number=case.number, material_key="termination_certificate"
    )
    case.refresh_from_db()
    assert case.deadline == date(2026, 12, 14)
    assert selectors.remaining_days(case, date(2026, 12, 14)) == 0


def test_a_decided_case_waiting_for_a_deferred_material_is_not_overdue(client, world, monkeypatch):
    case = accept(world)  # limit 2026-12-01, certificate due 2026-12-08
    approve_all(world, case.number)
    case.refresh_from_db()
    assert case.state == CaseState.APPROVED
    pin_day(monkeypatch, date(2026, 12, 3))  # past the limit, before the certificate is due
    running = accept(world)  # in the back office's hands: limit 2026-12-10
    assert selectors.remaining_days(case) is None
    assert selectors.overdue(user=world.cast.reviewer) == []
    assert selectors.statistics(user=world.cast.manager)["totals"]["overdue"] == 0
    signed_in(client, world.cast.reviewer)
    assert client.get(f"/api/v1/cases/{case.number}").json()["remaining_working_days"] is None
    pin_day(monkeypatch, date(2026, 12, 11))  # the running case is now late: it alone is counted
    assert [r.case.number for r in selectors.overdue(user=world.cast.reviewer)] == [running.number]
    assert selectors.statistics(user=world.cast.manager)["totals"]["overdue"] == 1
