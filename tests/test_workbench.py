"""Every role of the shared cast (and a hall guide and a hall teller) finds on the workbench exactly the
cards of the pages it may open: each shown card's link answers 200 for it, each hidden card's page
refuses it (unless a shown card leads to the same page)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.core.models import Role
from shebao.core.workbench import _CARDS
from shebao.hall.models import ServiceCategory, Window
from shebao.testing import make_staff, under_agreement

pytestmark = pytest.mark.django_db

EVERYONE = {"guides", "outlet-finder", "second-factor", "password"}
PRINT = {"records-print"}  # statements and proofs: tellers at their outlet and the back office
CERTIFY = {"certification"}  # the certification desk: tellers at their outlet and the back office
ANSWER = {"consult_tickets"}  # questions handed to a person: guides and the back office, not tellers
IMPROVE = {"consult_unanswered"}  # what the knowledge base missed: reviewers, managers, administrators
FRONT = {"accept", "persons", "register-person", "register-employer", "proxies", "home-visits"}
FRONT |= {"notify_agency"} | PRINT | CERTIFY
EXPECTED = {
    "teller": FRONT | EVERYONE,  # a bank point without a queue: no window, no tickets
    "hall_teller": FRONT
    | {"hall-window", "hall-tickets", "online"}
    | EVERYONE,  # a hall accepts online applications
    "guide": {"hall-tickets", "guide", "home-visits"} | ANSWER | EVERYONE,
    "reviewer": {"persons", "queue", "notify_agency"} | PRINT | CERTIFY | ANSWER | IMPROVE | EVERYONE,
    "approver": {"persons", "queue", "identity-overrides", "notify_agency"}
    | PRINT
    | CERTIFY
    | ANSWER
    | EVERYONE,
    "manager": {"manager", "persons", "queue", "case-statistics", "home-visits", "hall-statistics"}
    | {"identity-overrides", "stand-ins", "notify_agency", "notify_stats"}
    | {"follow-ups", "coverage", "outlets"}
    | PRINT
    | CERTIFY
    | ANSWER
    | IMPROVE
    | EVERYONE,
    "auditor": {"persons", "queue", "case-statistics", "audit"} | PRINT | CERTIFY | EVERYONE,
    "admin": {"case-statistics", "coverage", "outlets", "audit", "admin", "catalogue", "notify_stats"}
    | IMPROVE
    | EVERYONE,
    "outsider": {"persons", "queue", "notify_agency"}
    | PRINT
    | CERTIFY
    | ANSWER
    | IMPROVE
    | EVERYONE,  # a reviewer of Wanzhou: its own queue, nothing of Yuzhong's
}


@pytest.fixture
def staff(cast):
    """The cast, with a queue at the Yuzhong hall: a window, a business, its teller and its guide; the
    bank point works under its agreement."""
    under_agreement(cast)
    hall = cast.yuzhong_hall
    ServiceCategory.objects.create(outlet=hall, code="pension", name="养老待遇", prefix="A")
    Window.objects.create(outlet=hall, number=1, comprehensive=True)
    people = {role: getattr(cast, role) for role in EXPECTED if hasattr(cast, role)}
    people["hall_teller"] = make_staff("hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=hall)
    people["guide"] = make_staff("guide", "杨引导", cast.yuzhong, [Role.GUIDE], outlet=hall)
    return people


def _signed_in(client, user):
    client.force_login(user)
    if user.staff.has_role(Role.ADMIN):  # the Django admin asks for the second factor
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _cards(client) -> dict[str, str]:
    """Each card shown on the workbench: its key and the link of its button ("" for none)."""
    page = client.get(reverse("core:staff_home")).content.decode()
    cards = {}
    for chunk in page.split('<li class="card" data-testid="card-')[1:]:
        key, body = chunk.split('"', 1)
        link = re.search(r'<a class="button" href="([^"]*)"', body.split("</li>", 1)[0])
        cards[key] = link.group(1) if link else ""
    return cards


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_sees_exactly_the_cards_of_its_work(client, staff, role):
    assert set(_cards(_signed_in(client, staff[role]))) == EXPECTED[role]


@pytest.mark.parametrize("role", EXPECTED)
def test_every_card_a_role_sees_opens_a_page_it_may_use(client, staff, role):
    c = _signed_in(client, staff[role])
    for key, href in _cards(c).items():
        if not href:
            continue  # the manager's area summary is facts, not a link
        response = c.get(href, follow=True)
        assert response.status_code == 200, (key, href, response.redirect_chain)
        assert not response.redirect_chain or reverse("core:login") not in response.redirect_chain[-1][0]


def _refused(response) -> bool:
    # The Django admin sends whoever may not use it to its own sign-in page; our pages answer 403.
    return response.status_code == 403 or (response.status_code == 302 and "login" in response["Location"])


@pytest.mark.parametrize("role", EXPECTED)
def test_a_card_a_role_does_not_see_leads_to_a_page_that_refuses_it(client, staff, role):
    public = {card.url for card in _CARDS.values() if Client().get(card.url).status_code == 200}
    c = _signed_in(client, staff[role])
    shown = _cards(c)
    hidden = [
        (key, card.url)
        for key, card in _CARDS.items()
        if key not in shown and card.url not in public and card.url not in shown.values()
    ]
    assert hidden  # every role has staff work that is not its own
    for key, url in hidden:
        assert _refused(c.get(url)), (key, url)


def test_a_teller_with_one_window_goes_straight_to_it_and_with_several_chooses(client, staff, cast):
    c = _signed_in(client, staff["hall_teller"])
    window = Window.objects.get(outlet=cast.yuzhong_hall)
    assert c.get(reverse("hall:my_window"))["Location"] == reverse("hall:window", args=[window.pk])
    second = Window.objects.create(outlet=cast.yuzhong_hall, number=2)
    assert c.get(reverse("hall:my_window"))["Location"] == reverse("hall:staff_home")
    second.teller = staff["hall_teller"].staff
    second.save()
    assert c.get(reverse("hall:my_window"))["Location"] == reverse("hall:window", args=[second.pk])


def test_the_guides_card_opens_the_ticket_page_of_their_own_hall_in_guide_mode(client, staff, cast):
    c = _signed_in(client, staff["guide"])
    response = c.get(reverse("hall:my_tickets"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("hall:take", args=[cast.yuzhong_hall.code])
    assert response.context["as_guide"] is True


def test_the_outsider_is_refused_the_pages_behind_the_cards_it_does_not_see(client, staff):
    c = _signed_in(client, staff["outsider"])
    for name in (
        "cases:accept",
        "cases:stats",
        "people:register",
        "people:employer_register",
        "hall:my_window",
        "hall:my_tickets",
        "hall:statistics_all",
        "hall:follow_ups",
        "network:overseen",
        "network:coverage",
    ):
        assert c.get(reverse(name)).status_code == 403, name
