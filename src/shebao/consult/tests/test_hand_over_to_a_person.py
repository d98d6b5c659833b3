"""The hand-over (问题转人工): a question the base cannot answer surely becomes a ticket for staff of the
asker's home agency, answered within the working-day limit; the asker is told in the portal and by text;
staff put the answer into the base, and the next asker gets it at once. A retried hand-over makes one
ticket; staff of another district neither see nor answer it."""

import re

import pytest

from shebao.consult.models import ConsultationTicket, KnowledgePair, Origin, UnansweredQuestion
from shebao.core.audit import AuditEntry
from shebao.core.workdays import add_working_days_provisional
from shebao.notify.models import Delivery
from shebao.people.tests.citizen_helpers import sign_in
from shebao.testing import signed_in

pytestmark = pytest.mark.usefixtures("knowledge_base")
QUESTION = "高龄津贴怎么申请"  # civil affairs pay it: nothing in the base answers this surely


def _hand_over(client, key="k-1"):
    page = client.get("/consult/ask/", {"q": QUESTION})
    assert 'data-testid="unsure"' in page.content.decode()
    return client.post(
        "/consult/ask/hand-over/", {"q": QUESTION, "idempotency_key": key, "offered": ["card.replace"]}
    )


def test_an_anonymous_asker_is_sent_to_sign_in_and_back_to_the_question(client):
    response = _hand_over(client)
    assert response.status_code == 302 and response["Location"].startswith("/my/sign-in/")
    assert "consult%2Fask" in response["Location"] and not ConsultationTicket.objects.exists()


def test_the_question_is_answered_by_the_home_agency_and_the_asker_is_told(client, cast):
    sign_in(client, "500103195303071224", cast.person.phone)
    assert _hand_over(client).status_code == 302
    assert _hand_over(client).status_code == 302  # a retried submission: still one ticket
    ticket = ConsultationTicket.objects.get()
    assert ticket.agency == cast.yuzhong  # her pension record's agency
    assert ticket.due_on == add_working_days_provisional(ticket.created_at.date(), 3)[0]
    assert UnansweredQuestion.objects.get().count >= 1
    assert QUESTION in client.get("/consult/my-questions/").content.decode()

    outsider = signed_in(client.__class__(), cast.outsider)  # a reviewer of Wanzhou
    listed = outsider.get("/consult/staff/tickets/").content.decode()
    # The ticket's number and question, not "ZX" alone: the page's random CSRF token held "ZX" once.
    assert ticket.number not in listed and QUESTION not in listed
    refused = outsider.post(f"/consult/staff/tickets/{ticket.pk}/", {"answer": "可以"})
    assert refused.status_code == 404 and ConsultationTicket.objects.get().state == "open"

    reviewer = signed_in(client.__class__(), cast.reviewer)
    assert ticket.number in reviewer.get("/consult/staff/tickets/").content.decode()
    assert reviewer.get(f"/consult/staff/tickets/{ticket.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="consult.ticket.viewed", actor_id=cast.reviewer.pk).exists()
    answer = "高龄津贴由民政部门发放，请带身份证到户籍所在地的街道或乡镇民政窗口申请。"
    reviewer.post(f"/consult/staff/tickets/{ticket.pk}/", {"answer": answer})
    ticket.refresh_from_db()
    assert ticket.state == "answered" and ticket.answer == answer and ticket.answered_by == cast.reviewer
    told = Delivery.objects.filter(notice__scenario__code="consultation_answered", person=cast.person)
    assert {d.channel for d in told} == {"inbox", "sms"} and all(ticket.number in d.body for d in told)
    assert answer in client.get("/consult/my-questions/").content.decode()

    again = reviewer.post(f"/consult/staff/tickets/{ticket.pk}/", {"answer": "另一个答复"})
    assert again.status_code == 409 and ConsultationTicket.objects.get().answer == answer


def test_an_answer_put_into_the_base_answers_the_next_asker(client, cast):
    sign_in(client, "500103195303071224", cast.person.phone)
    _hand_over(client)
    ticket = ConsultationTicket.objects.get()
    reviewer = signed_in(client.__class__(), cast.reviewer)
    reviewer.post(f"/consult/staff/tickets/{ticket.pk}/", {"answer": "请到街道民政窗口申请。"})
    teller = signed_in(client.__class__(), cast.approver)  # may answer, may not promote
    refused = teller.post(
        f"/consult/staff/tickets/{ticket.pk}/", {"action": "promote", "question": "q", "answer": "a"}
    )
    assert refused.status_code == 403 and not KnowledgePair.objects.filter(origin=Origin.TICKET).exists()
    reviewer.post(
        f"/consult/staff/tickets/{ticket.pk}/",
        {
            "action": "promote",
            "question": "80岁以上老人的高龄津贴在哪里申请",
            "answer": "高龄津贴由民政部门发放，请到街道或乡镇民政窗口申请。",
        },
    )
    pair = KnowledgePair.objects.get(origin=Origin.TICKET)
    assert pair.versions.count() == 1 and QUESTION in pair.alternatives
    best = client.get("/api/v1/consult/ask", {"q": "老人高龄津贴去哪申请"}).json()
    assert best["answers"][0]["id"] == pair.key and best["confident"] is True


def test_a_blank_or_overlong_question_is_refused_and_nothing_is_made(client, cast):
    sign_in(client, "500103195303071224", cast.person.phone)
    for q in ("", "   ", "问" * 501):
        response = client.post("/consult/ask/hand-over/", {"q": q, "idempotency_key": "x"})
        assert response.status_code == 422
        assert re.search(r"(Please type|请输入|under 500|500)", response.content.decode())
    assert not ConsultationTicket.objects.exists()
