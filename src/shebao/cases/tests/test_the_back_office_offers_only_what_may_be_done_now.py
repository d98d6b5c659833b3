"""Issue 14: the back office shows only the claims this person may make now; a step not open to them
says why (an earlier step pending, segregation of duties, another post) instead of a button that is
then refused."""

import pytest

from shebao.cases import services
from shebao.cases.tests.helpers import accept_unemployment_case
from shebao.core.models import Role, StaffRole
from shebao.testing import signed_in

COMPLETE = {"resident_id_card", "unemployment_registration", "termination_certificate"}


@pytest.fixture
def case(world):
    return accept_unemployment_case(world, COMPLETE)


def case_page(client, user, case) -> str:
    signed_in(client, user)
    response = client.get(f"/cases/{case.number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_reviewer_is_offered_the_open_review(client, world, case):
    body = case_page(client, world.cast.reviewer, case)
    assert 'data-testid="claim"' in body and 'data-testid="step-not-open"' not in body


def test_the_approver_is_told_the_review_comes_first_instead_of_a_claim_button(client, world, case):
    body = case_page(client, world.cast.approver, case)
    assert 'data-testid="claim"' not in body
    assert 'data-testid="step-not-open"' in body and "上一环节“初审”尚未办理完毕" in body
    assert 'data-testid="transfer"' not in body  # an approver does not transfer cases


def test_who_reviewed_a_case_is_told_they_may_not_approve_it(client, world, case):
    both = world.cast.reviewer
    StaffRole.objects.create(profile=both.staff, role=Role.APPROVER)
    services.case_claim(user=both, number=case.number)
    services.case_approve(user=both, number=case.number)
    both = type(both).objects.get(pk=both.pk)
    body = case_page(client, both, case)
    assert 'data-testid="claim"' not in body
    assert "同一人不能办理同一办件的两个环节" in body
    queue = client.get("/cases/queue/").content.decode()
    assert f'data-testid="claim-{case.number}"' not in queue
    assert f'data-testid="not-open-{case.number}"' in queue


def test_a_manager_who_may_see_the_case_gets_no_claim_for_a_post_they_do_not_hold(client, world, case):
    body = case_page(client, world.cast.manager, case)
    assert 'data-testid="claim"' not in body and 'data-testid="step-not-open"' in body
    assert 'data-testid="transfer"' in body  # managers may transfer


def test_the_claim_the_page_offers_is_accepted(client, world, case):
    signed_in(client, world.cast.reviewer)
    response = client.post(f"/cases/{case.number}/act/", {"action": "claim"}, follow=True)
    body = response.content.decode()
    assert 'data-testid="approve"' in body and 'data-testid="claim"' not in body
