"""The outcome of a bad rating's follow-up reaches the citizen by text message when they left a number
(or booked with one); follow-ups past their due day are marked and can be listed on their own."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from shebao.core.errors import Conflict, ValidationFailed
from shebao.core.models import TextMessage
from shebao.hall.appointments import appointment_book, appointment_check_in
from shebao.hall.evaluations import evaluation_submit, follow_up_close, follow_up_overdue, follow_up_verify
from shebao.hall.models import Evaluation, FollowUp
from shebao.hall.services import call_next, ticket_finish, ticket_start
from shebao.testing import signed_in

from .helpers import make_slot, served

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")


def close(cast, follow_up, outcome="已整改，感谢监督"):
    follow_up_verify(user=cast.manager, follow_up=follow_up, finding="属实", justified=True)
    return follow_up_close(user=cast.manager, follow_up=follow_up, rectification="培训", outcome=outcome)


def test_a_bad_rating_with_a_phone_is_told_the_outcome_by_text(hall, cast):
    evaluation_submit(token=served(hall).token, level=1, reasons=["attitude"], phone="138 1234 5678")
    follow_up = close(cast, FollowUp.objects.get())
    message = TextMessage.objects.get(purpose="hall.follow_up.outcome")
    assert message.phone == "13812345678" and "已整改，感谢监督" in message.body and "A001" in message.body
    assert follow_up.citizen_told_by_text


def test_without_a_phone_the_outcome_is_on_the_ticket_page_only(hall, cast):
    evaluation_submit(token=served(hall).token, level=2, reasons=["long_wait"])
    assert not close(cast, FollowUp.objects.get()).citizen_told_by_text
    assert not TextMessage.objects.exists()


def test_a_good_rating_keeps_no_phone_and_a_bad_phone_is_refused(hall):
    assert evaluation_submit(token=served(hall).token, level=5, phone="13812345678").phone == ""
    with pytest.raises(ValidationFailed) as exc:
        evaluation_submit(token=served(hall).token, level=1, reasons=["other"], phone="12")
    assert "phone" in exc.value.fields and Evaluation.objects.count() == 1


def test_a_booked_visitor_is_reached_on_the_number_they_booked_with(hall, cast):
    starts = datetime(2026, 11, 30, 9, 0, tzinfo=CN)
    booking = appointment_book(
        slot=make_slot(hall, starts), phone="13900001111", now=starts - timedelta(days=1)
    )
    ticket = appointment_check_in(code=booking.code, now=starts).ticket
    ticket.service_day = timezone.localdate()  # served today, so the window calls it
    ticket.save(update_fields=["service_day"])
    called = call_next(user=hall.teller, window=hall.window1)
    assert called == ticket
    ticket_start(user=hall.teller, ticket=called)
    ticket_finish(user=hall.teller, ticket=called)
    assert evaluation_submit(token=ticket.token, level=2, reasons=["unclear"]).phone == "13900001111"


def test_rating_a_ticket_not_yet_served_or_twice_is_refused(hall):
    ticket = served(hall)
    evaluation_submit(token=ticket.token, level=4)
    with pytest.raises(Conflict) as exc:
        evaluation_submit(token=ticket.token, level=1, reasons=["other"])
    assert exc.value.code == "already_rated"


def test_a_follow_up_past_its_due_day_is_overdue_and_closing_late_stays_on_record(hall, cast):
    evaluation_submit(token=served(hall).token, level=1, reasons=["attitude"])
    follow_up = FollowUp.objects.get()
    assert not follow_up_overdue(follow_up, follow_up.due_on)
    assert follow_up_overdue(follow_up, follow_up.due_on + timedelta(days=1))
    FollowUp.objects.filter(pk=follow_up.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    follow_up.refresh_from_db()
    follow_up = close(cast, follow_up)
    assert follow_up_overdue(follow_up)


def test_the_manager_lists_overdue_follow_ups_on_their_own(hall, cast, client):
    for level in (1, 2):
        evaluation_submit(token=served(hall).token, level=level, reasons=["long_wait"])
    late = FollowUp.objects.first()
    FollowUp.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    page = signed_in(client, cast.manager).get("/hall/follow-ups/?show=overdue")
    body = page.content.decode()
    assert page.status_code == 200 and body.count('data-testid="overdue"') == 1
    assert body.count("/hall/follow-ups/") >= 1
    all_open = client.get("/hall/follow-ups/").content.decode()
    assert all_open.count('data-testid="overdue"') == 1 and all_open.count("<tr") == 3  # header + 2


def test_the_outsider_cannot_list_follow_ups(hall, cast, client):
    assert signed_in(client, cast.outsider).get("/hall/follow-ups/").status_code == 403
