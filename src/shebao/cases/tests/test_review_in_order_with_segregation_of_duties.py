import pytest

from shebao.cases import services
from shebao.cases.models import CaseStep
from shebao.cases.states import CaseState, StepState
from shebao.cases.tests.helpers import accept_unemployment_case, new_key
from shebao.core.errors import Conflict, InvalidTransition, NotAllowed, NotFound, ValidationFailed
from shebao.core.models import Role, StaffRole
from shebao.testing import make_staff

COMPLETE = {"resident_id_card", "unemployment_registration", "termination_certificate"}


@pytest.fixture
def case(world):
    return accept_unemployment_case(world, COMPLETE)


def test_the_reviewer_then_the_approver_complete_the_case(world, case):
    services.case_claim(user=world.cast.reviewer, number=case.number)
    services.case_approve(user=world.cast.reviewer, number=case.number)
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
    services.case_claim(user=world.cast.approver, number=case.number)
    services.case_approve(user=world.cast.approver, number=case.number)
    case.refresh_from_db()
    assert case.state == CaseState.COMPLETED and case.completed_at is not None
    assert list(case.steps.values_list("state", flat=True)) == ["approved", "approved"]


def test_a_later_step_cannot_be_claimed_before_the_earlier_one_is_approved(world, case):
    with pytest.raises(Conflict) as caught:
        services.case_claim(user=world.cast.approver, number=case.number)
    assert caught.value.code == "earlier_step_pending"
    services.case_claim(user=world.cast.reviewer, number=case.number)
    with pytest.raises(Conflict):
        services.case_claim(user=world.cast.approver, number=case.number)
    assert not CaseStep.objects.filter(claimed_by=world.cast.approver).exists()


def test_a_step_claimed_by_one_reviewer_cannot_be_decided_by_another(world, case):
    other = make_staff("reviewer2", "周复核", world.cast.yuzhong, [Role.REVIEWER])
    services.case_claim(user=world.cast.reviewer, number=case.number)
    with pytest.raises(Conflict) as caught:
        services.case_claim(user=other, number=case.number)
    assert caught.value.code == "already_claimed"
    with pytest.raises(NotAllowed) as caught:
        services.case_approve(user=other, number=case.number)
    assert caught.value.code == "not_your_step"
    assert case.steps.get(position=1).state == StepState.CLAIMED


def test_nobody_decides_a_step_they_have_not_claimed(world, case):
    with pytest.raises(Conflict) as caught:
        services.case_approve(user=world.cast.reviewer, number=case.number)
    assert caught.value.code == "not_claimed"


def test_the_same_person_is_refused_a_second_step_of_one_case(world, case):
    both = world.cast.reviewer
    StaffRole.objects.create(profile=both.staff, role=Role.APPROVER)
    services.case_claim(user=both, number=case.number)
    services.case_approve(user=both, number=case.number)
    both = type(both).objects.get(pk=both.pk)  # fresh role cache
    with pytest.raises(NotAllowed) as caught:
        services.case_claim(user=both, number=case.number)
    assert caught.value.code == "sod_second_step"
    assert case.steps.get(position=2).state == StepState.OPEN


def test_whoever_accepted_a_case_may_not_decide_it(world):
    hall_teller = make_staff(
        "hallteller",
        "吴柜员",
        world.cast.yuzhong,
        [Role.TELLER, Role.REVIEWER],
        outlet=world.cast.yuzhong_hall,
    )
    case = services.case_accept(
        teller=hall_teller,
        person=world.cast.person,
        item_code="T-PEN",
        received={"resident_id_card", "bank_account"},
        idempotency_key=new_key(),
    ).case
    with pytest.raises(NotAllowed) as caught:
        services.case_claim(user=hall_teller, number=case.number)
    assert caught.value.code == "sod_accepted_by_you"


def test_the_outsider_and_the_teller_are_refused_every_back_office_action(world, case):
    # The teller sees the case (their outlet accepted it): refused. The outsider may not see it at all:
    # told it does not exist.
    for user, refusal in ((world.cast.outsider, NotFound), (world.cast.teller, NotAllowed)):
        with pytest.raises(refusal):
            services.case_claim(user=user, number=case.number)
        with pytest.raises(refusal):
            services.case_transfer(user=user, number=case.number, to_agency_code="500101", reason="错误")
    services.case_claim(user=world.cast.reviewer, number=case.number)
    with pytest.raises(NotFound):
        services.case_approve(user=world.cast.outsider, number=case.number)
    with pytest.raises(NotFound):
        services.case_reject(user=world.cast.outsider, number=case.number, reason="不符合条例第十条")


def test_a_refusal_needs_its_legal_reason(world, case):
    services.case_claim(user=world.cast.reviewer, number=case.number)
    with pytest.raises(ValidationFailed):
        services.case_reject(user=world.cast.reviewer, number=case.number, reason=" ")
    services.case_reject(
        user=world.cast.reviewer, number=case.number, reason="不符合《失业保险条例》第十四条规定的条件"
    )
    case.refresh_from_db()
    assert case.state == CaseState.REJECTED and "第十四条" in case.decision_reason
    with pytest.raises(InvalidTransition):
        services.case_claim(user=world.cast.approver, number=case.number)


def test_a_transfer_moves_the_case_and_releases_an_undecided_claim(world, case):
    services.case_claim(user=world.cast.reviewer, number=case.number)
    services.case_transfer(
        user=world.cast.manager, number=case.number, to_agency_code="500101", reason="参保关系已转入万州"
    )
    case.refresh_from_db()
    assert case.home_agency.code == "500101" and case.number.startswith("500103-")
    assert case.steps.get(position=1).state == StepState.OPEN
    # Now Wanzhou's reviewer (the former outsider) acts, and Yuzhong's is refused.
    services.case_claim(user=world.cast.outsider, number=case.number)
    with pytest.raises(NotFound):
        services.case_approve(user=world.cast.reviewer, number=case.number)
