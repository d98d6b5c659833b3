"""A signed-in citizen finds on My services the other things they come for: book a time, a home visit,
tracking a case by number, the guides and the service points."""

import re

import pytest
from django.urls import reverse

from shebao.people.tests.citizen_helpers import person_with_phone, sign_in

pytestmark = pytest.mark.django_db


def test_my_services_links_to_booking_home_visits_and_tracking(client):
    person_with_phone("王建国", "500103195001011234", "13800001111")
    sign_in(client, "500103195001011234", "13800001111")
    page = client.get(reverse("portal:home")).content.decode()
    links = dict(re.findall(r'href="([^"]+)" data-testid="(portal-[a-z-]+)"', page))
    assert {v: k for k, v in links.items()} == {
        "portal-book": reverse("hall:book_outlet"),
        "portal-home-visit": reverse("hall:home_visit_request"),
        "portal-track": reverse("cases:track"),
    }
    for url in (reverse("hall:book_outlet"), reverse("hall:home_visit_request"), reverse("cases:track")):
        assert client.get(url).status_code == 200


def test_without_an_sms_gateway_the_code_page_says_where_the_text_waits(client, settings):
    person_with_phone("王建国", "500103195001011234", "13800001111")
    client.post(reverse("portal:sign_in"), {"number": "500103195001011234"})
    page = client.get(reverse("portal:sign_in_code")).content.decode()
    assert f'href="{reverse("core:dev_outbox")}"' in page
    settings.SHEBAO = settings.SHEBAO | {"SMS_GATEWAY_URL": "https://sms.example/send"}
    page = client.get(reverse("portal:sign_in_code")).content.decode()
    assert 'data-testid="outbox-hint"' not in page and reverse("core:dev_outbox") not in page
    # Not the demo and no gateway: the code is held, and the page points nowhere it cannot be read.
    settings.SHEBAO = settings.SHEBAO | {"SMS_GATEWAY_URL": "", "DEMO_OUTBOX": False}
    page = client.get(reverse("portal:sign_in_code")).content.decode()
    assert 'data-testid="outbox-hint"' not in page and reverse("core:dev_outbox") not in page
