"""Schemathesis over the whole OpenAPI of /api/v1/, in-process through the WSGI application, as an
anonymous caller and as staff of each role: no request may answer a server error, and every error answer
has the documented shape {"error": {"code", "message", "fields"}}.

Bounded and repeatable: a fixed number of examples per operation (positive and negative data), drawn
derandomized, so a run costs the same and finds the same on every machine. A failure does not stop the
run: every operation is tried, and the report lists each distinct failure with an example."""

from __future__ import annotations

import json
import logging
from collections import Counter
from types import SimpleNamespace

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation.hypothesis.builder import HypothesisTestConfig, HypothesisTestMode, create_test

from shebao.api import api
from shebao.core.models import Role
from shebao.testing import make_staff, signed_in, signed_in_with_second_factor, under_agreement

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 10
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
SCHEMA.app = get_wsgi_application()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
# Schemathesis's own phases, as its command line runs them: "coverage" (boundary values, missing fields,
# wrong types and media types, other methods: ~30 requests an operation, the same for every role, as they
# are refused before any permission is asked) and "fuzzing" (random data, positive and negative).
FULL = HypothesisTestConfig(
    project=SCHEMA.config, modes=[HypothesisTestMode.COVERAGE, HypothesisTestMode.FUZZING], settings=SETTINGS
)
FUZZING = HypothesisTestConfig(project=SCHEMA.config, modes=[HypothesisTestMode.FUZZING], settings=SETTINGS)
CSRF_TOKEN = "fuzz" * 8  # any 32 letters and digits: Django compares the header with the cookie
# The coverage phase for anonymous callers and the administrator (who may read everything: the deepest
# paths), random data for every role: ~1,300 and ~270 requests.
ROLES = {"anonymous": FULL, "admin": FULL}
ROLES |= dict.fromkeys(["teller", "hall_teller", "guide", "reviewer", "approver", "manager"], FUZZING)
ROLES |= dict.fromkeys(["auditor", "outsider"], FUZZING)


class OutOfShape(Failure):
    """An error answer that is not {"error": {"code", "message", "fields"}}."""

    kind_title = "Error response out of the documented shape"


def error_shape(ctx, response, case) -> bool | None:
    if response.status_code < 400:
        return None
    try:
        error = json.loads(response.content)["error"]
        well_formed = (
            isinstance(error["code"], str)
            and isinstance(error["message"], str)
            and bool(error["message"])
            and isinstance(error["fields"], dict)
        )
    except (ValueError, KeyError, TypeError):
        well_formed = False
    if not well_formed:
        text = response.content[:200].decode(errors="replace")
        raise OutOfShape(operation=case.operation.label, message=f"{response.status_code}: {text}")
    return None


def credentials(role: str, cast) -> tuple[dict, dict]:
    """The cookies and headers a browser of this member of staff would send (session and CSRF)."""
    if role == "anonymous":
        return {}, {}
    users = {
        "hall_teller": lambda: make_staff(
            "hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], cast.yuzhong_hall
        ),
        "guide": lambda: make_staff("hall_guide", "吴引导", cast.yuzhong, [Role.GUIDE], cast.yuzhong_hall),
    }
    user = users[role]() if role in users else getattr(cast, role)
    sign_in = signed_in_with_second_factor if role == "admin" else signed_in  # the admin needs it
    client = sign_in(Client(), user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookies = {settings.SESSION_COOKIE_NAME: session, settings.CSRF_COOKIE_NAME: CSRF_TOKEN}
    return cookies, {"X-CSRFToken": CSRF_TOKEN}


def fuzz(operation, config, cookies: dict, headers: dict) -> tuple[Counter, dict[str, str]]:
    """The statuses answered (per hundred: 2xx, 4xx), and each distinct failure found (with one example
    of it), for one operation."""
    found: dict[str, str] = {}
    statuses: Counter = Counter()

    def run(case):
        response = case.call(cookies=cookies, headers=headers)
        statuses[f"{response.status_code // 100}xx"] += 1
        try:
            case.validate_response(response, checks=[not_a_server_error, error_shape], headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                key = f"{operation.label}: {failure.title} ({response.status_code})"
                found.setdefault(key, f"{key}\n{group}")

    create_test(operation=operation, test_func=run, config=config)()
    return statuses, found


@pytest.fixture(autouse=True)
def _connection_kept_across_requests():
    """The WSGI handler closes the database connection when a request ends (PostgreSQL), and with it the
    test's transaction: it stays open here, as Django's test client keeps it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _errors_only_in_the_log():
    """Thousands of refusals (4xx) are expected here; only server errors are worth a log line."""
    quiet = [logging.getLogger(name) for name in ("django.request", "django.security.csrf")]
    for logger in quiet:
        logger.setLevel(logging.ERROR)
    yield
    for logger in quiet:
        logger.setLevel(logging.NOTSET)


@pytest.mark.parametrize("role", ROLES)
def test_no_operation_answers_a_server_error_or_an_error_out_of_shape(role, cast):
    under_agreement(cast)
    cookies, headers = credentials(role, cast)
    statuses: Counter = Counter()
    failures: dict[str, str] = {}
    for operation in OPERATIONS:
        answered, found = fuzz(operation, ROLES[role], cookies, headers)
        statuses += answered
        failures |= found
    # The numbers for the record (pytest -s): operations, requests, and how many got through.
    by_class = dict(sorted(statuses.items()))
    print(f"\n{role}: {len(OPERATIONS)} operations, {statuses.total()} requests, {by_class}")
    assert not failures, "\n".join(failures) + "\n\n" + "\n\n".join(failures.values())


@pytest.mark.parametrize(
    ("status", "content"),
    [(404, b"<h1>Not Found</h1>"), (405, b"Method not allowed"), (422, b'{"detail": []}')],
)
def test_the_shape_check_catches_an_error_out_of_shape(status, content):
    case = OPERATIONS[0].Case()
    with pytest.raises(OutOfShape):
        error_shape(None, SimpleNamespace(status_code=status, content=content), case)
    shaped = b'{"error": {"code": "not_found", "message": "Nothing was found.", "fields": {}}}'
    assert error_shape(None, SimpleNamespace(status_code=status, content=shaped), case) is None
