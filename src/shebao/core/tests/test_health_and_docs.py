"""Operations: /healthz reports the database; the API docs and every page asset come from this server."""

import re

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_it_talks_to(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"] == {"status": "ok", "vendor": connection.vendor}


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("database is gone")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"]["status"] == "error"


@pytest.mark.parametrize("path", ["/api/v1/docs", "/", "/ids/check/", "/staff/login/"])
def test_pages_load_nothing_from_another_host(client, path):
    html = client.get(path).content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "the page references assets"
    assert all(not u.startswith(("http://", "https://", "//")) for u in urls), urls


def test_every_static_asset_of_the_api_docs_is_served(client):
    html = client.get("/api/v1/docs").content.decode()
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(url).status_code == 200, url


def test_the_openapi_schema_documents_the_validator(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/ids/validate" in schema["paths"]


def test_healthz_says_how_far_the_holiday_calendar_reaches(client):
    from shebao.core.workdays import known_until

    calendar = client.get("/healthz").json()["working_day_calendar"]
    assert calendar["known_until"] == known_until()
    assert calendar["status"] in {"ok", "outdated"}


def test_staff_are_warned_on_every_page_when_the_calendar_is_outdated(client, cast, monkeypatch):
    from shebao.core import workdays
    from shebao.testing import signed_in

    monkeypatch.setattr(workdays, "calendar_outdated", lambda today: True)
    page = signed_in(client, cast.teller).get("/staff/").content.decode()
    assert 'data-testid="calendar-outdated"' in page
    monkeypatch.setattr(workdays, "calendar_outdated", lambda today: False)
    assert 'data-testid="calendar-outdated"' not in client.get("/staff/").content.decode()
