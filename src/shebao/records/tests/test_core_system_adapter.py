"""The core-system adapter: HttpCoreSystem against a local HTTP server this test starts, its pages fed
through the file importer (so every line is validated, all or nothing, and pulling twice changes nothing)."""

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from shebao.records.coresystem import CoreSystemError, HttpCoreSystem, pull
from shebao.records.importer import ImportRefused
from shebao.records.models import ContributionMonth, ImportBatch
from shebao.records.tests.helpers import CAST_ID, EMPLOYER_CODE, an_employer

pytestmark = pytest.mark.django_db


def month_row(month: int, **extra):
    return {
        "id_number": CAST_ID,
        "scheme": "employee_pension",
        "month": f"2024-{month:02d}",
        "employer_code": EMPLOYER_CODE,
        "base": "6000.00",
        "employer_amount": "960.00",
        "personal_amount": "480.00",
        "state": "paid",
    } | extra


class CoreSystem(BaseHTTPRequestHandler):
    pages: dict[int, dict] = {}
    seen: list = []
    status = 200

    def do_GET(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        type(self).seen.append((url.path, query, self.headers.get("Authorization")))
        body = json.dumps(self.pages.get(int(query["page"][0]), {"rows": []})).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    CoreSystem.pages, CoreSystem.seen, CoreSystem.status = {}, [], 200
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), CoreSystem)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield HttpCoreSystem(f"http://127.0.0.1:{httpd.server_port}/ledger", "secret-token", timeout=5)
    httpd.shutdown()


def test_pages_are_pulled_and_applied_once(cast, server):
    an_employer(cast)
    CoreSystem.pages = {
        1: {"rows": [month_row(1), month_row(2)], "next_page": 2},
        2: {
            "rows": [month_row(3, state="arrears", personal_amount="0", employer_amount="0")],
            "next_page": None,
        },
    }
    first = pull(server, kind="contributions", start=date(2024, 1, 1), end=date(2024, 3, 1))
    assert not first.already_applied and first.batch.created_rows == 3
    assert ContributionMonth.objects.filter(person=cast.person).count() == 3
    path, query, auth = CoreSystem.seen[0]
    assert path == "/ledger/contributions" and query["from"] == ["2024-01"] and query["to"] == ["2024-03"]
    assert auth == "Bearer secret-token" and [q["page"] for _, q, _ in CoreSystem.seen] == [["1"], ["2"]]
    again = pull(server, kind="contributions", start=date(2024, 1, 1), end=date(2024, 3, 1))
    assert again.already_applied and again.batch == first.batch
    assert ImportBatch.objects.count() == 1 and ContributionMonth.objects.count() == 3


def test_a_bad_line_from_the_core_system_is_refused_like_a_bad_file(cast, server):
    an_employer(cast)
    CoreSystem.pages = {1: {"rows": [month_row(1), month_row(2, base="-5", state="sometimes")]}}
    with pytest.raises(ImportRefused) as refused:
        pull(server, kind="contributions", start=date(2024, 1, 1), end=date(2024, 2, 1))
    assert {e.line for e in refused.value.errors} == {3} and {e.field for e in refused.value.errors} >= {
        "state"
    }
    assert not ContributionMonth.objects.exists() and not ImportBatch.objects.exists()


def test_an_unavailable_or_garbled_core_system_is_a_clear_error_and_changes_nothing(cast, server):
    CoreSystem.status = 503
    with pytest.raises(CoreSystemError):
        pull(server, kind="contributions", start=date(2024, 1, 1), end=date(2024, 2, 1))
    CoreSystem.status, CoreSystem.pages = 200, {1: {"rows": "not a list"}}
    with pytest.raises(CoreSystemError):
        pull(server, kind="contributions", start=date(2024, 1, 1), end=date(2024, 2, 1))
    with pytest.raises(CoreSystemError):
        pull(
            HttpCoreSystem("http://127.0.0.1:9", "t", 1),
            kind="payments",
            start=date(2024, 1, 1),
            end=date(2024, 1, 1),
        )
    assert not ImportBatch.objects.exists()
