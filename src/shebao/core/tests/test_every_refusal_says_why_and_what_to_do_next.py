"""Issue 14: every refusal is a page that says why and what to do next (back, home, the workbench for
staff, sign-in for visitors), never a bare 400/403/404/500; under /api/ it keeps the one JSON shape."""

from django.test import Client, RequestFactory

from shebao.core.errorpages import server_error
from shebao.testing import signed_in


def test_an_unknown_address_is_a_page_with_the_next_steps_for_a_visitor(client, db):
    response = client.get("/no/such/page/", HTTP_REFERER="http://testserver/catalog/")
    body = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="error-message"' in body and "此地址没有页面" in body
    assert 'data-testid="error-next-step"' in body
    assert 'href="http://testserver/catalog/" data-testid="error-back"' in body
    assert 'data-testid="error-sign-in"' in body and 'data-testid="error-home"' in body


def test_the_back_link_never_leads_off_the_site(client, db):
    body = client.get("/no/such/page/", HTTP_REFERER="https://evil.example/").content.decode()
    assert 'data-testid="error-back"' not in body and "evil.example" not in body


def test_a_refused_page_tells_staff_why_and_leads_to_the_workbench(client, cast):
    signed_in(client, cast.teller)
    response = client.get("/cases/stats/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "您无权进行此操作。" in body and "请联系您的主管" in body
    assert 'data-testid="error-workbench"' in body and 'data-testid="error-sign-in"' not in body


def test_the_refusal_speaks_the_reader_s_language(client, cast):
    signed_in(client, cast.teller)
    english = client.get("/cases/stats/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You are not allowed to do this." in english and "ask your manager" in english
    traditional = client.get("/cases/stats/", HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "您無權進行此操作。" in traditional


def test_a_form_sent_with_a_stale_token_says_to_reload_it(db, cast):
    strict = Client(enforce_csrf_checks=True)
    signed_in(strict, cast.teller)
    response = strict.post("/cases/queue/next/")
    body = response.content.decode()
    assert response.status_code == 403 and "请刷新页面后重新提交" in body
    assert 'data-testid="error-home"' in body


def test_the_server_error_page_needs_nothing_from_the_broken_request(db):
    request = RequestFactory().get("/cases/queue/")  # no user, no session: the middleware never ran
    response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500 and 'data-testid="error-heading"' in body and "12333" in body


def test_the_api_keeps_its_json_error_shape_for_an_unknown_address(client, db):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
