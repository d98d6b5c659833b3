"""A bug inside an API view answers 500 in the documented error shape, with a generic message in the
reader's language and no traceback, and is logged as Django logs an uncaught exception on a page."""

import logging

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_search(monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("secret detail of the bug")

    monkeypatch.setattr("shebao.catalog.selectors.item_search", explode)


def test_an_unexpected_exception_answers_500_in_the_error_shape(client, broken_search):
    response = client.get("/api/v1/catalog/items?q=x", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "server_error" and error["fields"] == {}
    assert error["message"] and "secret detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_the_unexpected_exception_is_logged_with_its_traceback(client, broken_search, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        client.get("/api/v1/catalog/items?q=x")
    logged = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert len(logged) == 1 and "/api/v1/catalog/items" in logged[0].getMessage()
    assert isinstance(logged[0].exc_info[1], RuntimeError)


def test_the_generic_message_is_in_the_reader_s_language(client, broken_search):
    english = client.get("/api/v1/catalog/items", HTTP_ACCEPT_LANGUAGE="en").json()["error"]["message"]
    chinese = client.get("/api/v1/catalog/items", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["error"]["message"]
    assert english != chinese


def test_a_django_404_raised_in_a_view_is_in_the_error_shape(client, monkeypatch):
    from django.http import Http404

    def missing(**kwargs):
        raise Http404("not here")

    monkeypatch.setattr("shebao.catalog.selectors.item_search", missing)
    response = client.get("/api/v1/catalog/items")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
