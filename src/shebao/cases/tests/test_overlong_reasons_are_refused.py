"""A reason is free text kept without a column limit: more than 2,000 characters is refused naming the
field, through the API and the case page, and the case is left as it was."""

import pytest

from shebao.cases import services
from shebao.cases.models import Case, CaseEvent
from shebao.cases.states import CaseState
from shebao.cases.tests.helpers import accept_unemployment_case
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db

COMPLETE = {"resident_id_card", "unemployment_registration", "termination_certificate"}
TOO_LONG = "不符合条件" * 401  # 2,005 characters


@pytest.fixture
def claimed(world):
    case = accept_unemployment_case(world, COMPLETE)
    services.case_claim(user=world.cast.reviewer, number=case.number)
    return Case.objects.get(pk=case.pk)


def test_the_api_refuses_a_too_long_reason_naming_it(client, world, claimed):
    response = signed_in(client, world.cast.reviewer).post(
        f"/api/v1/cases/{claimed.number}/actions",
        {"action": "reject", "reason": TOO_LONG},
        content_type="application/json",
    )
    assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["reason"]
    assert Case.objects.get(pk=claimed.pk).state == claimed.state


def test_the_case_page_refuses_a_too_long_reason_naming_it(client, world, claimed):
    response = signed_in(client, world.cast.reviewer).post(
        f"/cases/{claimed.number}/act/", {"action": "reject", "reason": TOO_LONG}, follow=True
    )
    page = response.content.decode()
    assert "2000" in page and "原因" in page
    assert Case.objects.get(pk=claimed.pk).state != CaseState.REJECTED
    assert not CaseEvent.objects.filter(case=claimed, action="rejected").exists()


def test_a_reason_of_2000_characters_is_kept(world, claimed):
    services.case_reject(user=world.cast.reviewer, number=claimed.number, reason="理" * 2000)
    assert Case.objects.get(pk=claimed.pk).decision_reason == "理" * 2000
