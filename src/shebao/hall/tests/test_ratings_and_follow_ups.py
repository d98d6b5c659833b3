"""好差评: a bad rating opens a follow-up due in working days; a manager verifies and closes it; the
outcome reaches the citizen's ticket page. Nobody else may handle it."""

from datetime import date

import pytest

from shebao.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from shebao.hall.evaluations import evaluation_submit, follow_up_close, follow_up_due, follow_up_verify
from shebao.hall.models import FollowUp
from shebao.hall.services import call_next, ticket_finish, ticket_start, ticket_take

pytestmark = pytest.mark.django_db


def served(hall):
    ticket = ticket_take(outlet=hall.outlet, category_code="pension")
    ticket = call_next(user=hall.teller, window=hall.window1)
    ticket_start(user=hall.teller, ticket=ticket)
    return ticket_finish(user=hall.teller, ticket=ticket)


def test_a_good_rating_opens_nothing_and_keeps_no_reasons(hall):
    evaluation = evaluation_submit(token=served(hall).token, level=4, reasons=["attitude"])
    assert evaluation.reasons == [] and not FollowUp.objects.exists()


def test_a_bad_rating_needs_a_reason(hall):
    with pytest.raises(ValidationFailed) as exc:
        evaluation_submit(token=served(hall).token, level=2)
    assert "reasons" in exc.value.fields


def test_the_follow_up_is_due_in_working_days_over_the_national_day_holiday():
    # RULES.md's example: 5 working days after Tuesday 2025-09-30 is Tuesday 2025-10-14.
    assert follow_up_due(date(2025, 9, 30), 5) == date(2025, 10, 14)


def test_past_the_known_calendar_the_deadline_counts_weekdays_instead_of_failing():
    assert follow_up_due(date(2099, 1, 2), 1) == date(2099, 1, 5)  # a Friday, then Monday


def test_the_manager_verifies_then_closes_and_the_outcome_is_for_the_citizen(hall, cast, client):
    ticket = served(hall)
    evaluation_submit(token=ticket.token, level=1, reasons=["attitude"], comment="态度不好")
    follow_up = FollowUp.objects.get()
    with pytest.raises(InvalidTransition):
        follow_up_close(user=cast.manager, follow_up=follow_up, rectification="x", outcome="y")
    follow_up_verify(user=cast.manager, follow_up=follow_up, finding="查看录像，属实", justified=True)
    follow_up = follow_up_close(
        user=cast.manager,
        follow_up=follow_up,
        rectification="已对柜员批评教育",
        outcome="已整改，感谢您的监督",
    )
    assert follow_up.state == "closed" and follow_up.closed_by.user == cast.manager
    page = client.get(f"/hall/t/{ticket.token}/").content.decode()
    assert "已整改，感谢您的监督" in page


@pytest.mark.parametrize("who", ["outsider", "hall_teller", "reviewer"])
def test_only_a_manager_over_the_outlet_handles_follow_ups(hall, cast, who):
    evaluation_submit(token=served(hall).token, level=2, reasons=["long_wait"])
    user = {"outsider": cast.outsider, "hall_teller": hall.teller, "reviewer": cast.reviewer}[who]
    with pytest.raises(NotAllowed):
        follow_up_verify(user=user, follow_up=FollowUp.objects.get(), finding="x", justified=False)
    assert FollowUp.objects.get().state == "open"
