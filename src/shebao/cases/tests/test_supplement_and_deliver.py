from datetime import date

import pytest

from shebao.cases import services
from shebao.cases.states import CaseState, MaterialStatus
from shebao.cases.tests.helpers import PDF, accept_unemployment_case, approve_all, new_key, pin_day
from shebao.cases.uploads import check_scan
from shebao.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed

PARTIAL = {"resident_id_card", "unemployment_registration"}


@pytest.fixture
def case(world):
    return accept_unemployment_case(world, PARTIAL)


def test_an_approved_case_waits_for_the_deferred_material_then_completes(world, case):
    approve_all(world, case.number)
    case.refresh_from_db()
    assert case.state == CaseState.APPROVED
    scan = check_scan("termination_certificate", "证明.pdf", PDF)
    services.case_supplement(
        number=case.number,
        material_key="termination_certificate",
        scans=[scan],
        id_number="500103195303071224",
    )
    case.refresh_from_db()
    # Nobody has looked at the upload yet: the case is no longer owed anything, but does not complete.
    assert case.state == CaseState.APPROVED and case.deficiency_due is None
    assert case.materials.get(key="termination_certificate").status == MaterialStatus.TO_CHECK
    assert case.scans.get().content_type == "application/pdf"
    with pytest.raises(NotFound):  # a case out of the outsider's sight does not exist for them
        services.case_material_check(
            user=world.cast.outsider, number=case.number, material_key="termination_certificate", accept=True
        )
    services.case_material_check(
        user=world.cast.reviewer, number=case.number, material_key="termination_certificate", accept=True
    )
    case.refresh_from_db()
    assert case.state == CaseState.COMPLETED
    assert case.materials.get(key="termination_certificate").status == MaterialStatus.SUPPLIED


def test_staff_ask_again_for_an_unreadable_upload_saying_why_and_by_when(world, case):
    approve_all(world, case.number)
    scan = check_scan("termination_certificate", "证明.pdf", PDF)
    services.case_supplement(
        number=case.number,
        material_key="termination_certificate",
        scans=[scan],
        id_number="500103195303071224",
    )
    with pytest.raises(ValidationFailed) as refused:
        services.case_material_check(
            user=world.cast.reviewer, number=case.number, material_key="termination_certificate", accept=False
        )
    assert "reason" in refused.value.fields
    services.case_material_check(
        user=world.cast.reviewer,
        number=case.number,
        material_key="termination_certificate",
        accept=False,
        reason="照片模糊，看不清公章",
        days=5,
    )
    case.refresh_from_db()
    material = case.materials.get(key="termination_certificate")
    assert case.state == CaseState.APPROVED and material.status == MaterialStatus.REQUESTED
    assert material.due is not None and case.deficiency_due == material.due
    assert case.events.get(action="material_asked_again").reason == "照片模糊，看不清公章"
    with pytest.raises(Conflict):  # nothing is waiting to be checked any more
        services.case_material_check(
            user=world.cast.reviewer, number=case.number, material_key="termination_certificate", accept=True
        )


def test_the_citizen_must_prove_the_case_is_theirs(world, case):
    scan = check_scan("termination_certificate", "证明.pdf", PDF)
    with pytest.raises(NotAllowed):
        services.case_supplement(
            number=case.number,
            material_key="termination_certificate",
            scans=[scan],
            id_number="110105194912310021",
        )
    with pytest.raises(ValidationFailed):
        services.case_supplement(
            number=case.number, material_key="termination_certificate", id_number="500103195303071224"
        )
    with pytest.raises(Conflict):
        services.case_supplement(
            number=case.number, material_key="resident_id_card", scans=[scan], id_number="500103195303071224"
        )


def test_a_return_stops_the_clock_and_the_supplement_restarts_it(world, case, monkeypatch):
    services.case_claim(user=world.cast.reviewer, number=case.number)
    services.case_return(
        user=world.cast.reviewer,
        number=case.number,
        reason="失业登记证明日期不清",
        materials=["unemployment_registration"],
        days=5,
    )
    case.refresh_from_db()
    assert case.state == CaseState.RETURNED and case.paused_days == 5
    pin_day(monkeypatch, date(2026, 11, 26))
    services.case_supplement(
        actor=world.cast.teller, number=case.number, material_key="unemployment_registration"
    )
    case.refresh_from_db()
    assert case.state == CaseState.SUPPLEMENTED
    assert case.deadline == date(2026, 12, 3)  # 5 working days from Thursday 26 November
    services.case_claim(user=world.cast.reviewer, number=case.number)
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW


def test_a_return_needs_a_reason_materials_and_a_deadline(world, case):
    services.case_claim(user=world.cast.reviewer, number=case.number)
    with pytest.raises(ValidationFailed) as caught:
        services.case_return(user=world.cast.reviewer, number=case.number, reason="", materials=[], days=0)
    assert set(caught.value.fields) == {"reason", "materials", "days"}


def test_the_window_delivers_a_completed_case_and_the_outsider_cannot(world):
    case = services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-REC",
        received={"resident_id_card"},
        idempotency_key=new_key(),
    ).case
    with pytest.raises(NotFound):
        services.case_deliver(user=world.cast.outsider, number=case.number)
    services.case_deliver(user=world.cast.teller, number=case.number, method="window")
    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED and case.delivered_at is not None


def test_an_undecided_case_cannot_be_delivered(world, case):
    from shebao.core.errors import InvalidTransition

    with pytest.raises(InvalidTransition):
        services.case_deliver(user=world.cast.teller, number=case.number)
