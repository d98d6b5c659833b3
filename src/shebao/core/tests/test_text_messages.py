"""Text messages go through a real HTTP gateway that the test starts, are retried, never sent twice."""

import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.utils import timezone

from shebao.core import messaging
from shebao.core.errors import ValidationFailed
from shebao.core.models import TextMessage, TextMessageState

pytestmark = pytest.mark.django_db


class FakeSmsPlatform:
    """A real HTTP server on a free port that answers with the statuses it is given, then 200; given
    `answer_when`, it answers only once that event is set (a slow gateway)."""

    def __init__(self, statuses=(), answer_when: threading.Event | None = None):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                platform.requests.append({"headers": dict(self.headers), "body": body})
                if answer_when is not None:
                    answer_when.wait(timeout=30)
                status = platform.statuses.pop(0) if platform.statuses else 200
                answer = json.dumps({"id": f"gw-{len(platform.requests)}"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def platform(settings):
    server = FakeSmsPlatform()
    settings.SHEBAO = {**settings.SHEBAO, "SMS_GATEWAY_URL": server.url, "SMS_GATEWAY_TOKEN": "t0ken"}
    yield server
    server.close()


def send(**kwargs):
    defaults = {"phone": "138 1234 5678", "body": "您的验证码为 246810。", "purpose": "test.code"}
    return messaging.text_message_send(**{**defaults, **kwargs})


def test_a_message_reaches_the_gateway_once_the_transaction_commits(
    platform, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
        assert platform.requests == []  # nothing leaves before the change that caused it is committed
    message.refresh_from_db()
    assert message.state == TextMessageState.SENT
    assert message.gateway_ref == "gw-1"
    [request] = platform.requests
    assert request["body"] == {
        "to": "13812345678",
        "text": "【社保一窗通】您的验证码为 246810。",
        "ref": str(message.pk),
    }
    assert request["headers"]["Authorization"] == "Bearer t0ken"
    assert request["headers"]["Idempotency-Key"] == f"sms-{message.pk}"


def test_a_rolled_back_change_sends_nothing(platform, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send()
        raise RuntimeError("the change failed")
    assert TextMessage.objects.count() == 0
    assert platform.requests == []


def test_a_gateway_failure_is_retried_later_with_the_same_idempotency_key(
    platform, django_capture_on_commit_callbacks
):
    platform.statuses = [503]
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (TextMessageState.QUEUED, 1, "HTTP 503")
    assert messaging.deliver_due() == {}  # not due yet: back-off
    assert messaging.deliver_due(now=timezone.now() + timedelta(minutes=2)) == {"sent": 1}
    message.refresh_from_db()
    assert message.state == TextMessageState.SENT
    keys = {r["headers"]["Idempotency-Key"] for r in platform.requests}
    assert len(platform.requests) == 2 and keys == {f"sms-{message.pk}"}


def test_a_refused_message_fails_at_once_and_is_not_retried(platform, django_capture_on_commit_callbacks):
    platform.statuses = [400]
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert message.state == TextMessageState.FAILED
    assert messaging.deliver_due(now=timezone.now() + timedelta(days=1)) == {}
    assert len(platform.requests) == 1


def test_an_unreachable_gateway_is_tried_five_times_then_the_message_is_marked_failed(
    settings, django_capture_on_commit_callbacks
):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    settings.SHEBAO = {**settings.SHEBAO, "SMS_GATEWAY_URL": f"http://127.0.0.1:{closed}/sms"}
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    later = timezone.now()
    for _ in range(messaging.MAX_ATTEMPTS - 1):
        later += timedelta(hours=11)
        messaging.deliver_due(now=later)
    message.refresh_from_db()
    assert (message.state, message.attempts) == (TextMessageState.FAILED, messaging.MAX_ATTEMPTS)
    assert message.last_error.startswith("unreachable")


def test_the_same_dedupe_key_gives_the_first_message_and_sends_once(
    platform, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send(dedupe_key="cases.returned:CASE-1:1")
    with django_capture_on_commit_callbacks(execute=True):
        again = send(dedupe_key="cases.returned:CASE-1:1", body="another text")
    assert again.pk == first.pk
    assert TextMessage.objects.count() == 1
    assert len(platform.requests) == 1


def test_a_number_no_text_can_reach_is_refused_and_nothing_is_kept():
    with pytest.raises(ValidationFailed) as refused:
        send(phone="12-34")
    assert "phone" in refused.value.fields
    assert TextMessage.objects.count() == 0


def test_hong_kong_numbers_keep_their_country_code():
    assert messaging.normalise_phone("+852 6123 4567") == "+85261234567"
    assert messaging.normalise_phone("+86 139-0000-1111") == "13900001111"


def test_without_a_gateway_messages_are_held_on_the_outbox_page_with_the_phone_masked(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert message.state == TextMessageState.HELD
    page = client.get("/dev/outbox/").content.decode()
    assert "您的验证码为 246810。" in page
    assert "138****5678" in page and "13812345678" not in page


def test_the_outbox_page_does_not_exist_once_a_gateway_is_configured(platform, client):
    assert client.get("/dev/outbox/").status_code == 404


def test_outside_the_demo_held_texts_are_kept_but_nobody_can_read_them(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SHEBAO = settings.SHEBAO | {"DEMO_OUTBOX": False}
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert message.state == TextMessageState.HELD
    response = client.get("/dev/outbox/")
    assert response.status_code == 404 and "246810" not in response.content.decode()


def test_the_deploy_check_says_what_a_missing_gateway_means(settings):
    from shebao.core.checks import sms_gateway_configured

    (demo,) = sms_gateway_configured(None)
    assert demo.id == "shebao.W001" and "/dev/outbox/" in demo.msg
    settings.SHEBAO = settings.SHEBAO | {"DEMO_OUTBOX": False}
    (held,) = sms_gateway_configured(None)
    assert "never reach a phone" in held.msg and "/dev/outbox/" not in held.msg
    settings.SHEBAO = settings.SHEBAO | {"SMS_GATEWAY_URL": "https://sms.example/send"}
    assert sms_gateway_configured(None) == []
