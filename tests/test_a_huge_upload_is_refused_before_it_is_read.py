"""A request declaring a 150 MB body is answered 413 without a byte of it read: the JSON error shape on the
API, a page elsewhere (the window intake form, a citizen's supplement)."""

import pytest

from shebao.testing import signed_in

HUGE = 150 * 1024 * 1024


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def huge_post(client, path: str, content_type: str = "multipart/form-data; boundary=x"):
    return client.generic(
        "POST",
        path,
        content_type=content_type,
        CONTENT_LENGTH=str(HUGE),
        **{"wsgi.input": UnreadableBody()},
    )


@pytest.mark.django_db
def test_the_window_intake_page_answers_413_with_a_page(client, cast):
    signed_in(client, cast.teller)
    response = huge_post(client, "/cases/accept/submit/")
    assert response.status_code == 413
    assert "text/html" in response["Content-Type"] and "请求过大" in response.content.decode()


@pytest.mark.django_db
def test_a_citizens_supplement_answers_413_without_signing_in(client):
    response = huge_post(client, "/cases/track/X/supplement/")
    assert response.status_code == 413


@pytest.mark.django_db
def test_the_api_answers_413_in_its_error_shape(client):
    response = huge_post(client, "/api/v1/cases", content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert set(response.json()["error"]) == {"code", "message", "fields"}


@pytest.mark.django_db
def test_the_limit_is_a_setting_and_a_body_within_it_is_served(client, settings):
    settings.SHEBAO = {**settings.SHEBAO, "REQUEST_MAX_BYTES": 2 * 1024 * 1024}
    within = client.post("/api/v1/cases", b"{}", content_type="application/json")
    assert within.status_code == 401  # reached the API, which asks to sign in
    over = client.post("/api/v1/cases", b" " * (2 * 1024 * 1024 + 1), content_type="application/json")
    assert over.status_code == 413
