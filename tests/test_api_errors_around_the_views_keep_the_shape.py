"""Errors answered before a view runs keep the API's shape too (schemathesis found each): a method the
route does not take (ninja's bare 405), a URL no route matches (Django's HTML 404), and a multipart body
without a boundary, which made the CSRF check of a signed-in call fail with a server error."""

import pytest
from django.test import Client

from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


def shaped(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["message"]
    return error


def test_a_method_the_route_does_not_take_is_a_405_in_the_shape_with_allow(client):
    response = client.get("/api/v1/hall/tickets")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert shaped(response)["code"] == "method_not_allowed"


def test_a_path_no_route_matches_is_a_404_in_the_shape(client):
    for url in ["/api/v1/persons/-1", "/api/v1/hall/outlets/abc/queue", "/api/v1/no-such-thing"]:
        response = client.get(url)
        assert response.status_code == 404 and shaped(response)["code"] == "not_found", url


def test_pages_keep_their_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_multipart_body_without_a_boundary_is_a_400_not_a_server_error(cast):
    client = signed_in(Client(enforce_csrf_checks=True), cast.teller)
    client.cookies["csrftoken"] = "fuzz" * 8
    response = client.post(
        "/api/v1/cases",
        b'{"person_id": 1}',
        content_type="multipart/form-data",
        HTTP_X_CSRFTOKEN="fuzz" * 8,
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert response.status_code == 400 and shaped(response)["code"] == "malformed"
