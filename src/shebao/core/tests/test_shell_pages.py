"""The shell without a browser: languages, HTMX partials, refusals of bad input on the public checker,
and no asset from another host on any page of core and people."""

import re

import pytest
from django.urls import reverse

from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("zh-hans", "社保业务，一窗通办"),
        ("zh-hant", "社保業務，一窗通辦"),
        ("en", "Social insurance services"),
    ],
)
def test_the_language_switcher_serves_each_language_and_remembers_it(client, language, heading):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert f'<html lang="{language}"' in page and heading in page


def test_simplified_chinese_is_the_default(client):
    assert '<html lang="zh-hans"' in client.get("/", headers={"accept-language": ""}).content.decode()


def test_the_checker_answers_an_htmx_request_with_the_result_only(client):
    query = {"doc_type": "resident_id", "number": "11010519491231002X"}
    partial = client.get(reverse("core:id_check"), query, headers={"hx-request": "true"}).content.decode()
    assert 'data-testid="id-valid"' in partial and "<html" not in partial
    full = client.get(reverse("core:id_check"), query).content.decode()
    assert 'data-testid="id-valid"' in full and "<html" in full


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"doc_type": "driving_licence", "number": "123"}, "Select a valid choice"),
        ({"doc_type": "resident_id", "number": ""}, "This field is required"),
        ({"doc_type": "resident_id", "number": "110105194912310021"}, "check digit"),
    ],
)
def test_the_checker_explains_bad_input_and_looks_nothing_up(client, django_assert_num_queries, query, says):
    with django_assert_num_queries(0):
        page = client.get(reverse("core:id_check"), query, headers={"accept-language": "en"}).content.decode()
    assert says in page


def test_the_checker_shows_its_errors_in_chinese_by_default(client):
    page = client.get(reverse("core:id_check"), {"doc_type": "resident_id", "number": ""}).content.decode()
    assert "这个字段是必填项" in page


STAFF_PAGES = ["/staff/", "/staff/persons/", "/staff/password/", "/staff/otp/setup/"]


def test_staff_pages_load_nothing_from_another_host(client, cast):
    c = signed_in(client, cast.teller)
    for path in [*STAFF_PAGES, f"/staff/persons/{cast.person.pk}/"]:
        html = c.get(path).content.decode()
        urls = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert urls and all(not u.startswith(("http://", "https://", "//")) for u in urls), (path, urls)


def test_an_htmx_check_of_an_empty_number_says_what_is_missing(client):
    partial = client.get(
        reverse("core:id_check"),
        {"doc_type": "resident_id", "number": ""},
        headers={"hx-request": "true", "accept-language": "en"},
    ).content.decode()
    assert 'data-testid="id-invalid"' in partial and "This field is required" in partial


def test_a_permanent_residence_card_shows_its_birth_date_but_no_sex(client):
    page = client.get(
        reverse("core:id_check"),
        {"doc_type": "foreign_permanent_residence", "number": "950410198503122011"},
        headers={"accept-language": "en"},
    ).content.decode()
    assert "1985-03-12" in page and "Female" not in page and "Male" not in page
