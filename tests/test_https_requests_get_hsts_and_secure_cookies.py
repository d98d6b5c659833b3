"""Whenever a request came over HTTPS (directly, or behind NUM_PROXIES proxies that say so in
X-Forwarded-Proto) the answer carries HSTS and every cookie it sets is Secure; over plain HTTP neither, and
without proxies a client cannot claim HTTPS with a made-up header."""

import pytest

from shebao.core.tests.test_settings_from_environment import start
from shebao.testing import CAST_PASSWORD

PROXY = ("HTTP_X_FORWARDED_PROTO", "https")


def sign_in(client, **extra):
    client.get("/staff/login/", **extra)  # sets the CSRF cookie
    return client.post("/staff/login/", {"username": "teller", "password": CAST_PASSWORD}, **extra)


def assert_secure(response, *names):
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    for name in names:
        assert response.cookies[name]["secure"] is True, name


@pytest.mark.django_db
def test_a_direct_https_sign_in_gets_hsts_and_secure_cookies(client, cast):
    page = client.get("/staff/login/", secure=True)
    assert_secure(page, "csrftoken")
    signed = sign_in(client, secure=True)
    assert signed.status_code == 302
    assert_secure(signed, "sessionid")


@pytest.mark.django_db
def test_behind_one_proxy_x_forwarded_proto_counts(client, cast, settings):
    settings.NINJA_NUM_PROXIES, settings.SECURE_PROXY_SSL_HEADER = 1, PROXY
    signed = sign_in(client, HTTP_X_FORWARDED_PROTO="https")
    assert signed.status_code == 302
    assert_secure(signed, "sessionid")


@pytest.mark.django_db
def test_over_plain_http_or_with_a_made_up_header_there_is_neither(client, cast):
    for extra in ({}, {"HTTP_X_FORWARDED_PROTO": "https"}):  # NUM_PROXIES=0: the header is the client's
        fresh = client.__class__()
        page = fresh.get("/staff/login/", **extra)
        assert "Strict-Transport-Security" not in page
        assert not page.cookies["csrftoken"]["secure"]
        assert not sign_in(fresh, **extra).cookies["sessionid"]["secure"]


def test_num_proxies_and_hsts_seconds_set_the_settings(tmp_path):
    code = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS)"
    assert start(tmp_path, code, NUM_PROXIES="1", HSTS_SECONDS="600", AUDIT_KEY="k" * 40).stdout.split() == [
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "600",
    ]
    assert start(tmp_path, code, NUM_PROXIES="0", AUDIT_KEY="k" * 40).stdout.split() == ["None", "31536000"]


@pytest.mark.django_db  # on PostgreSQL a security check asks which role the app connects as
def test_the_deploy_check_does_not_ask_for_always_secure_cookies():
    from django.core.checks import run_checks

    ids = {m.id for m in run_checks(tags=["security"], include_deployment_checks=True) if not m.is_silenced()}
    assert not ids & {"security.W004", "security.W012", "security.W016"}
