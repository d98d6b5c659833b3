"""Issue 12 (CSRF): the public hall API acts as the signed-in member of staff only when the call carries
the CSRF token; another site's page can make the browser send the session cookie, never the token."""

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from shebao.core.models import AuditEntry
from shebao.hall.models import HomeVisit, Ticket
from shebao.hall.tests.test_api_appointments_and_visits import VISIT

pytestmark = pytest.mark.django_db

PRIORITY_TICKET = {"outlet": "CQ-YZ-H001", "category": "pension", "channel": "guide", "priority": "disabled"}


def browser_of(user) -> Client:
    """A browser signed in as `user`, that checks CSRF as a real one is checked."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def csrf_token_of(browser: Client) -> str:
    """The token our own pages would put in X-CSRFToken (bound to this browser's CSRF cookie)."""
    request = RequestFactory().get("/")
    token = get_token(request)
    browser.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    return token


def post(browser, url, payload, **headers):
    return browser.post(url, payload, content_type="application/json", headers=headers)


def test_a_forged_cross_site_call_does_not_issue_a_priority_ticket_as_the_guide(hall):
    forged = post(browser_of(hall.guide), "/api/v1/hall/tickets", PRIORITY_TICKET)
    assert forged.status_code == 403 and not Ticket.objects.exists()
    assert not AuditEntry.objects.filter(action="hall.ticket.taken", actor_id=hall.guide.pk).exists()


def test_with_the_token_the_guide_issues_the_priority_ticket(hall):
    guide = browser_of(hall.guide)
    response = post(guide, "/api/v1/hall/tickets", PRIORITY_TICKET, x_csrftoken=csrf_token_of(guide))
    assert response.status_code == 201
    assert Ticket.objects.get().priority == "disabled"
    assert AuditEntry.objects.get(action="hall.ticket.taken").actor_id == hall.guide.pk


def test_a_forged_call_takes_a_plain_ticket_like_any_anonymous_caller(hall):
    response = post(
        browser_of(hall.guide), "/api/v1/hall/tickets", {"outlet": "CQ-YZ-H001", "category": "pension"}
    )
    assert response.status_code == 201
    assert AuditEntry.objects.get(action="hall.ticket.taken").actor_id is None


def test_a_forged_call_does_not_take_a_home_visit_request_by_phone_as_the_guide(hall):
    forged = post(browser_of(hall.guide), "/api/v1/hall/home-visits", VISIT | {"channel": "phone_call"})
    assert forged.status_code == 403 and not HomeVisit.objects.exists()
    guide = browser_of(hall.guide)
    sent = post(
        guide, "/api/v1/hall/home-visits", VISIT | {"channel": "phone_call"}, x_csrftoken=csrf_token_of(guide)
    )
    assert sent.status_code == 201 and HomeVisit.objects.get().taken_by.user == hall.guide
