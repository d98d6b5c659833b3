"""The public home leads a citizen to everything they come for, each entry one big link; the favicon
is served, so no page of the site asks the browser for a missing file."""

import re

import pytest
from django.test import override_settings
from django.urls import include, path, reverse

pytestmark = pytest.mark.django_db

ENTRIES = {
    "entry-guides": "catalog:index",
    "entry-wizard": "catalog:wizard",
    "entry-outlets": "network:map",
    "entry-book": "hall:book_outlet",
    "entry-home-visit": "hall:home_visit_request",
    "entry-track": "cases:track",
    "entry-portal": "portal:home",
    "entry-id-check": "core:id_check",
}


def _entries(page: str) -> dict[str, str]:
    return {
        key: href
        for href, key in re.findall(r'<a class="entry" href="([^"]+)" data-testid="([a-z-]+)"', page)
    }


def test_every_entry_of_the_home_page_opens_its_page(client):
    page = client.get(reverse("core:home")).content.decode()
    entries = _entries(page)
    assert {k: v for k, v in entries.items() if k in ENTRIES} == {k: reverse(n) for k, n in ENTRIES.items()}
    assert entries["entry-hotline"] == "tel:12333"
    for key, name in ENTRIES.items():
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, key


def test_staff_find_their_workbench_from_the_home_page_and_citizens_do_not(client, cast):
    assert 'data-testid="to-workbench"' not in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.teller)
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("core:staff_home")}" data-testid="to-workbench"' in page


# core alone: its own pages and the language switch, none of the other apps' pages.
urlpatterns = [path("", include("shebao.core.urls")), path("i18n/", include("django.conf.urls.i18n"))]


@override_settings(ROOT_URLCONF=__name__)
def test_without_the_other_apps_the_home_page_still_renders_with_its_own_entry(client):
    # The entries of apps that are not there are left out, not broken.
    response = client.get("/")
    assert response.status_code == 200
    assert set(_entries(response.content.decode())) == {"entry-id-check", "entry-hotline"}


def test_the_favicon_is_found_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content if icon.streaming else [icon.content])[:4] == b"\x00\x00\x01\x00"
    page = client.get(reverse("core:home")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
