import re
from datetime import date

import pytest

from shebao.cases import services
from shebao.cases.models import Case, CaseEvent, Submission
from shebao.cases.states import CaseState, MaterialStatus
from shebao.cases.tests.helpers import new_key
from shebao.core.errors import NotAllowed, ValidationFailed
from shebao.core.models import AuditEntry
from shebao.network.models import AgreementStaff

ALL_BUT_DEFERRABLE = {"resident_id_card", "unemployment_registration"}


def accept(world, **kw):
    args = {
        "teller": world.cast.teller,
        "person": world.cast.person,
        "item_code": "T-UNE",
        "received": ALL_BUT_DEFERRABLE,
        "idempotency_key": new_key(),
    }
    args.update(kw)
    return services.case_accept(**args)


def test_a_bank_teller_accepts_a_high_risk_item_with_a_deferrable_material_missing(world):
    intake = accept(world)
    case = intake.case
    assert intake.created and case.state == CaseState.ACCEPTED
    assert re.fullmatch(r"500103-20261124-\d{6}", case.number)
    assert case.home_agency == world.cast.yuzhong  # routed home, though accepted in Jiangbei
    assert case.outlet == world.cast.bank_point
    assert case.deadline == date(2026, 12, 1)  # 5 working days after Tuesday 24 November
    assert case.deficiency_due == date(2026, 12, 8)  # 10 working days
    missing = case.materials.get(key="termination_certificate")
    assert missing.status == MaterialStatus.DEFERRED and missing.due == date(2026, 12, 8)
    assert case.materials.get(key="power_of_attorney").status == MaterialStatus.NOT_PROVIDED
    assert [(s.position, s.role) for s in case.steps.all()] == [(1, "reviewer"), (2, "approver")]
    assert case.item_version.number == 1 and case.flow.version == 1
    assert AuditEntry.objects.filter(action="cases.case.accepted", object_id=str(case.pk)).exists()


def test_case_numbers_count_up_per_home_agency_and_day(world):
    first, second = accept(world).case, accept(world).case
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_a_missing_material_that_cannot_wait_gives_a_one_time_notice_and_no_case(world):
    with pytest.raises(services.MaterialsMissing) as caught:
        accept(world, received={"resident_id_card"})
    notice = caught.value.notice
    listed = {line.key: line.blocking for line in notice.lines}
    # Everything missing at once: the blocking one and the one that could have waited.
    assert listed == {"unemployment_registration": True, "termination_certificate": False}
    assert not Case.objects.exists() and not Submission.objects.exists()
    assert AuditEntry.objects.filter(action="cases.notice.issued").count() == 1


def test_a_low_risk_instant_item_with_complete_materials_is_completed_at_the_window(world):
    case = accept(world, item_code="T-REC", received={"resident_id_card"}).case
    assert case.state == CaseState.COMPLETED and case.completed_at is not None
    assert not case.steps.exists()
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "accepted",
        "completed_at_window",
    ]


def test_a_bundle_makes_one_linked_case_per_item_from_one_set_of_materials(world):
    intake = accept(world, item_code="", bundle_code="t-leaving")
    assert len(intake.cases) == 2
    assert {c.submission_id for c in intake.cases} == {intake.submission.pk}
    assert {c.item.code: c.state for c in intake.cases} == {"T-UNE": "accepted", "T-REC": "completed"}


def test_an_outlet_whose_tier_does_not_cover_the_item_is_refused(world):
    with pytest.raises(NotAllowed) as caught:
        accept(world, item_code="T-PEN", received={"resident_id_card", "bank_account"})
    assert caught.value.code == "outlet_not_authorised"
    assert not Case.objects.exists()


def test_a_teller_not_named_in_the_agreement_is_refused(world):
    AgreementStaff.objects.all().delete()
    with pytest.raises(NotAllowed) as caught:
        accept(world)
    assert caught.value.code == "teller_not_authorised"
    assert not Case.objects.exists()


def test_back_office_staff_and_the_outsider_cannot_accept(world):
    for user in (world.cast.reviewer, world.cast.outsider, world.cast.manager):
        with pytest.raises(NotAllowed):
            accept(world, teller=user)
    assert not Case.objects.exists()


def test_a_proxy_with_a_letter_must_hand_the_letter_in(world):
    proxy = services.ProxyIn("王小明", "resident_id", "500103198001011238", "letter")
    with pytest.raises(ValidationFailed) as caught:
        accept(world, proxy=proxy)
    assert "power_of_attorney" in caught.value.fields
    case = accept(world, proxy=proxy, received=ALL_BUT_DEFERRABLE | {"power_of_attorney"}).case
    assert case.proxy_basis == "letter" and case.masked_proxy_doc == "500103********1238"


def test_a_proxy_with_an_invalid_document_number_is_refused(world):
    proxy = services.ProxyIn("王小明", "resident_id", "500103198001011235", "binding")
    with pytest.raises(ValidationFailed) as caught:
        accept(world, proxy=proxy)
    assert "proxy_doc_number" in caught.value.fields
