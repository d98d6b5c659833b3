"""Anonymous visitors of the catalogue get a copy of its pages (core/pagecache.py): a copy costs no query,
carries the visitor's own working CSRF token, follows the language and the type size, and nobody signed in
is ever served one."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from shebao.testing import signed_in

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
ANY_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")  # in the form fields and in HTMX's header


@pytest.fixture
def copies(settings, catalogue):
    settings.SHEBAO["PUBLIC_PAGE_SECONDS"] = 60


def visitor(**headers) -> Client:
    return Client(enforce_csrf_checks=True, headers={"accept-language": "zh-hans", **headers})


def test_the_second_visitor_of_a_guide_gets_a_copy_that_costs_no_query(copies, django_assert_num_queries):
    first = visitor().get("/catalog/items/PEN001/")
    with django_assert_num_queries(0):
        second = visitor().get("/catalog/items/PEN001/")
    assert second.status_code == 200
    assert ANY_TOKEN.sub("", second.content.decode()) == ANY_TOKEN.sub("", first.content.decode())


def test_a_copy_carries_the_visitors_own_token_which_works(copies):
    visitor().get("/catalog/")  # the copy is made for someone else
    citizen = visitor()
    page = citizen.get("/catalog/").content.decode()
    tokens = set(TOKEN.findall(page))
    assert len(tokens) == 1 and "\x00" not in page
    switched = citizen.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens.pop()}
    )
    assert switched.status_code == 302  # CSRF passed: the cookie and the token in the copy belong together
    assert '<html lang="en"' in citizen.get("/catalog/").content.decode()


def test_two_visitors_never_share_a_token(copies):
    one, two = visitor(), visitor()
    first = TOKEN.findall(one.get("/catalog/items/PEN001/").content.decode())
    second = TOKEN.findall(two.get("/catalog/items/PEN001/").content.decode())
    assert one.cookies["csrftoken"].value != two.cookies["csrftoken"].value
    assert first and second and first[0] != second[0]


def test_each_language_and_the_large_type_have_their_own_copy(copies):
    assert '<html lang="zh-hans"' in visitor().get("/catalog/").content.decode()
    english = visitor(**{"accept-language": "en"}).get("/catalog/").content.decode()
    assert '<html lang="en"' in english and "Service guides" in english
    large = visitor()
    large.cookies["shebao_elder"] = "1"
    assert 'class="elder"' in large.get("/catalog/").content.decode()
    assert 'class="elder"' not in visitor().get("/catalog/").content.decode()


def test_a_signed_in_member_of_staff_is_never_served_a_copy(copies, cast):
    logout = reverse("core:logout")
    assert f'action="{logout}"' not in visitor().get("/catalog/").content.decode()  # the copy is made
    staff = signed_in(Client(), cast.reviewer)
    assert f'action="{logout}"' in staff.get("/catalog/").content.decode()  # the page made for them


def test_a_page_that_is_not_found_is_not_kept(copies, django_assert_max_num_queries):
    assert visitor().get("/catalog/items/NOPE01/").status_code == 404
    with django_assert_max_num_queries(10) as queries:
        assert visitor().get("/catalog/items/NOPE01/").status_code == 404
    assert len(queries) > 0  # asked again, not copied


def test_an_outlets_page_is_copied_for_visitors_but_its_manager_sees_their_own(
    copies, cast, django_assert_num_queries
):
    page = f"/outlets/{cast.yuzhong_hall.code}/"
    assert visitor().get(page).status_code == 200
    with django_assert_num_queries(0):
        assert visitor().get(page).status_code == 200
    manager = signed_in(Client(), cast.manager).get(page).content.decode()
    assert f'action="{reverse("network:outlet_status", args=[cast.yuzhong_hall.code])}"' in manager
