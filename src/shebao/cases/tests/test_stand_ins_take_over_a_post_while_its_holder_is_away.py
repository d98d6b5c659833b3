"""A角/B角: a named stand-in (B角) takes over a post's queue only while its holder (A角) is marked away,
every step they take records whom they stood in for, and standing in never gives anyone a pair of
exclusive posts. Through the services and the manager's page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shebao.cases import services
from shebao.cases.models import CaseEvent
from shebao.cases.tests.helpers import accept_unemployment_case
from shebao.core import services as core_services
from shebao.core.errors import NotAllowed, ValidationFailed
from shebao.core.models import AuditEntry, Role, StandIn
from shebao.testing import make_staff, signed_in

RECEIVED = {"resident_id_card", "unemployment_registration", "termination_certificate"}


@pytest.fixture
def at_approval(world):
    """A case whose review step is done: the approval step waits for an approver of Yuzhong."""
    case = accept_unemployment_case(world, RECEIVED)
    services.case_claim(user=world.cast.reviewer, number=case.number)
    services.case_approve(user=world.cast.reviewer, number=case.number)
    return case


@pytest.fixture
def deputy(world):
    """A second reviewer of Yuzhong, named B角 for the approver's post."""
    b = make_staff("reviewer2", "李初审", world.cast.yuzhong, [Role.REVIEWER])
    core_services.stand_in_name(
        actor=world.cast.manager, holder=world.cast.approver.staff, stand_in=b.staff, role=Role.APPROVER
    )
    return b


def test_the_stand_in_is_refused_while_the_holder_is_present(world, at_approval, deputy):
    with pytest.raises(NotAllowed):
        services.case_claim(user=deputy, number=at_approval.number)


def test_while_the_holder_is_away_the_stand_in_decides_and_the_history_says_for_whom(
    world, at_approval, deputy
):
    core_services.stand_in_mark_away(actor=world.cast.approver, holder=world.cast.approver.staff)
    services.case_claim(user=deputy, number=at_approval.number)
    services.case_approve(user=deputy, number=at_approval.number)
    events = CaseEvent.objects.filter(case=at_approval, actor=deputy).order_by("id")
    assert [e.action for e in events][-1] == "approved"
    assert all(e.data.get("standing_in_for") == world.cast.approver.pk for e in events)
    entry = AuditEntry.objects.filter(action="cases.case.approved").latest("id")
    assert entry.data["standing_in_for_name"] == "陈审批"


def test_once_the_holder_is_back_the_stand_in_covers_nothing(world, at_approval, deputy):
    core_services.stand_in_mark_away(actor=world.cast.manager, holder=world.cast.approver.staff)
    core_services.stand_in_mark_back(actor=world.cast.manager, holder=world.cast.approver.staff)
    with pytest.raises(NotAllowed):
        services.case_claim(user=deputy, number=at_approval.number)


def test_an_absence_with_an_end_date_ends_by_itself(world, at_approval, deputy):
    today = timezone.localdate()
    core_services.stand_in_mark_away(
        actor=world.cast.manager, holder=world.cast.approver.staff, until=today + timedelta(days=3)
    )
    assert StandIn.objects.covering(today + timedelta(days=3)).exists()
    assert not StandIn.objects.covering(today + timedelta(days=4)).exists()


def test_standing_in_may_not_give_a_pair_of_exclusive_posts(world):
    auditor = make_staff("auditor2", "钱稽核", world.cast.yuzhong, [Role.AUDITOR])
    with pytest.raises(ValidationFailed) as refused:
        core_services.stand_in_name(
            actor=world.cast.manager,
            holder=world.cast.approver.staff,
            stand_in=auditor.staff,
            role=Role.APPROVER,
        )
    assert refused.value.code == "exclusive_posts" and not StandIn.objects.exists()


def test_only_a_manager_over_the_holder_names_stand_ins_and_marks_others_away(world, deputy):
    holder = world.cast.approver.staff
    for user in (world.cast.reviewer, world.cast.outsider, world.cast.teller):
        with pytest.raises(NotAllowed):
            core_services.stand_in_name(actor=user, holder=holder, stand_in=deputy.staff, role=Role.APPROVER)
        with pytest.raises(NotAllowed):
            core_services.stand_in_mark_away(actor=user, holder=holder)
    assert not StandIn.objects.filter(away_since__isnull=False).exists()


def test_the_manager_arranges_it_on_the_page(client, world, at_approval):
    b = make_staff("reviewer2", "李初审", world.cast.yuzhong, [Role.REVIEWER])
    signed_in(client, world.cast.manager)
    holder = world.cast.approver.staff.pk
    named = client.post(
        "/staff/stand-ins/", {"do": "name", "holder": holder, "stand_in": b.staff.pk, "role": "approver"}
    )
    assert named.status_code == 302
    assert client.post("/staff/stand-ins/", {"do": "away", "holder": holder}).status_code == 302
    page = client.get("/staff/stand-ins/").content.decode()
    assert page.count('data-testid="stand-in-row"') == 1 and 'data-testid="mark-back"' in page
    services.case_claim(user=b, number=at_approval.number)  # the stand-in now covers the post
    bad = client.post(
        "/staff/stand-ins/", {"do": "name", "holder": holder, "stand_in": holder, "role": "approver"}
    )
    assert bad.status_code == 422 and 'data-testid="stand-in-error"' in bad.content.decode()
    signed_in(client, world.cast.reviewer)
    assert client.get("/staff/stand-ins/").status_code == 403
