"""The shared cast's outsider is refused everything of core and people; each role's workbench shows the
cards core.permissions allows it, and every staff page of core and people needs a sign-in."""

import pytest
from django.urls import NoReverseMatch, reverse

from shebao.core.models import AuditEntry
from shebao.testing import named_urls, signed_in, signed_in_with_second_factor, under_agreement

pytestmark = pytest.mark.django_db

# core:dev_outbox is the demo's SMS outbox (DEMO_OUTBOX), public by design there; elsewhere it does not exist.
PUBLIC = {"core:home", "core:id_check", "core:elder_mode", "core:login", "core:dev_outbox", "core:favicon"}


def test_the_outsider_is_refused_every_read_and_write_of_the_cast_person(client, cast):
    c = signed_in(client, cast.outsider)
    person = cast.person.pk
    assert c.get(reverse("people:detail", args=[person])).status_code == 403
    assert c.get(f"/api/v1/persons/{person}").status_code == 403
    payload = {"name": "李秀英", "doc_type": "passport", "number": "E99999999"}
    assert c.post("/api/v1/persons", payload, content_type="application/json").status_code == 403
    document = {"doc_type": "passport", "number": "E99999999"}
    assert (
        c.post(f"/api/v1/persons/{person}/documents", document, content_type="application/json").status_code
        == 403
    )
    assert c.get(reverse("core:audit_log")).status_code == 403
    found = c.get(reverse("people:search"), {"q": "李秀英"}).content.decode()
    assert reverse("people:detail", args=[person]) not in found
    assert c.get("/api/v1/persons", {"q": "500103195303071224"}).json() == []
    assert not AuditEntry.objects.filter(
        action__in=["people.person.viewed", "people.document.added"]
    ).exists()


# The same for the network app's pages: network/tests/test_manager_pages_refuse_others.py.
@pytest.mark.parametrize("name", named_urls("core") + named_urls("people"))
def test_every_staff_page_of_core_and_people_sends_an_anonymous_visitor_to_sign_in(client, cast, name):
    if name in PUBLIC:
        return
    try:
        url = reverse(name)
    except NoReverseMatch:  # a page about one person (its record, its proxies)
        url = reverse(name, args=[cast.person.pk])
    response = client.get(url)
    assert response.status_code in (302, 405), name
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("core:login")), name


# The cards of core and people; the other apps' cards are checked with them in tests/test_workbench.py.
CARDS = {
    "teller": {"persons", "register-person", "proxies", "second-factor", "password"},
    "reviewer": {"persons", "second-factor", "password"},
    "approver": {"persons", "second-factor", "password"},
    "manager": {"manager", "persons", "second-factor", "password"},
    "auditor": {"persons", "audit", "second-factor", "password"},
    "outsider": {"persons", "second-factor", "password"},
}
OWN = {
    "manager",
    "persons",
    "register-person",
    "proxies",
    "audit",
    "admin",
    "guide",
    "second-factor",
    "password",
}


def _own_cards(page: str) -> set[str]:
    import re

    return set(re.findall(r'data-testid="card-([a-z-]+)"', page)) & OWN


@pytest.mark.parametrize("role", CARDS)
def test_each_role_sees_the_cards_of_what_it_may_do_and_no_others(client, cast, role):
    under_agreement(cast)  # the bank point's teller works under it
    page = signed_in(client, getattr(cast, role)).get(reverse("core:staff_home")).content.decode()
    assert _own_cards(page) == CARDS[role]


def test_a_guide_sees_the_guide_desk_and_an_admin_the_reference_data(client, cast):
    import re

    from shebao.core.models import Role
    from shebao.testing import make_staff

    guide = make_staff("guide", "杨引导", cast.yuzhong, [Role.GUIDE], outlet=cast.yuzhong_hall)
    page = signed_in(client, guide).get(reverse("core:staff_home")).content.decode()
    assert _own_cards(page) == {"guide", "second-factor", "password"}

    page = signed_in_with_second_factor(client, cast.admin).get(reverse("core:staff_home")).content.decode()
    assert {"admin", "audit"} <= set(re.findall(r'data-testid="card-([a-z-]+)"', page))


def test_a_signed_in_user_without_a_staff_profile_gets_no_staff_page(client, django_user_model):
    someone = django_user_model.objects.create_user("someone", password="x")
    client.force_login(someone)
    for name in (
        "core:staff_home",
        "core:password_change",
        "core:otp_setup",
        "core:otp_verify",
        "core:audit_log",
    ):
        assert client.get(reverse(name)).status_code == 403, name
