"""Text messages (SMS) to citizens: one outbox table, one HTTP gateway adapter, retries with back-off.

`text_message_send` writes the message in the caller's transaction and sends it once that commits, so
a notice exists exactly when the change it tells about does. It is sent by a thread of the process
(`background`), not by the request: a gateway answering in 100 ms held every intake at the window for
those 100 ms and cut intakes over HTTP from about 100/s to 39/s. What a process did not send (it stopped)
is sent by the `core.text_messages` job. Delivery claims a message by a
conditional UPDATE (no lock is held during the HTTP call) and sends it with an Idempotency-Key, so a
crash between the gateway's answer and our write cannot make a second text reach the phone.

The gateway protocol is the common shape of Chinese SMS platforms' HTTP APIs, kept generic:
    POST <SMS_GATEWAY_URL>   Authorization: Bearer <token>   Idempotency-Key: sms-<id>
    {"to": "13812345678", "text": "【社保一窗通】...", "ref": "<id>"}
    2xx → sent ({"id": "..."} optional);  429 / 5xx / network error → retried;  other 4xx → failed.
With no gateway configured the message is held: the demo (DEMO_OUTBOX) shows it on /dev/outbox/.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import queue
import re
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.errors import ValidationFailed
from shebao.core.jobs import job
from shebao.core.models import TextMessage, TextMessageState

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Minutes to wait after the n-th failed attempt; also the lease a sender holds while it calls.
BACKOFF_MINUTES = (1, 5, 25, 120, 600)
_PHONE = re.compile(r"^\+?\d{7,15}$")
_MAINLAND_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")


def public_url(path: str) -> str:
    """The address of a page as a citizen's phone reaches it, for links in text messages."""
    return getattr(settings, "SHEBAO", {}).get("PUBLIC_URL", "http://127.0.0.1:8000") + path


def normalise_phone(raw: str) -> str:
    """Mainland mobiles as 11 digits; other numbers (Hong Kong, Macau, abroad) in +country form."""
    phone = re.sub(r"[\s\-()]", "", raw or "")
    mainland = _MAINLAND_MOBILE.match(phone)
    if mainland:
        return mainland.group(1)
    if not _PHONE.match(phone):
        raise ValidationFailed(fields={"phone": _("This is not a phone number a text message can reach.")})
    return phone


SECRET_KEPT = timedelta(minutes=10)  # a held secret (no gateway: the demo's outbox) is erased after this
ERASED = ""


def text_message_send(
    *, phone: str, body: str, purpose: str, dedupe_key: str | None = None, secret: bool = False
) -> TextMessage:
    """Queue one message and send it after the surrounding transaction commits.

    The same `dedupe_key` twice gives the first message back: a retried job never texts twice."""
    phone = normalise_phone(phone)
    text = f"{settings.SHEBAO['SMS_SIGNATURE']}{body}"
    with transaction.atomic(savepoint=False):
        try:
            # Insert first: a new message is the common case, a repeated key the exception.
            with transaction.atomic():
                message = TextMessage.objects.create(
                    phone=phone, body=text, purpose=purpose, dedupe_key=dedupe_key or None, secret=secret
                )
        except IntegrityError:
            return TextMessage.objects.get(dedupe_key=dedupe_key)
        transaction.on_commit(lambda: background.hand(message.pk))
    return message


class BackgroundSender:
    """Sends the messages this process queued, one after another, in a thread of its own (started at the
    first message, and again in a forked child). The HTTP call waits without the interpreter lock, so the
    requests of the process go on meanwhile. With TEXTS_SENT_IN_BACKGROUND false each is sent at once by
    the caller (the tests' default: what they check has happened when the call returns)."""

    _STOP = -1

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def hand(self, message_id: int) -> None:
        if not settings.SHEBAO["TEXTS_SENT_IN_BACKGROUND"]:
            deliver(message_id)
            return
        with self._lock:
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._queue, self._pid = queue.SimpleQueue(), os.getpid()
                self._thread = threading.Thread(target=self._run, args=(self._queue,), daemon=True)
                self._thread.name = "shebao-texts"
                self._thread.start()
            self._queue.put(message_id)

    def stop(self, timeout: float = 10) -> None:
        """Send what is queued, then end the thread and close its database connection."""
        with self._lock:
            thread, self._thread = self._thread, None
            if thread is not None and thread.is_alive():
                self._queue.put(self._STOP)
        if thread is not None:
            thread.join(timeout)

    @classmethod
    def _run(cls, waiting: queue.SimpleQueue) -> None:
        while (message_id := waiting.get()) != cls._STOP:
            close_old_connections()  # as a request does: a connection past its age or broken is replaced
            try:
                deliver(message_id)
            except Exception:  # the thread must live on; the message stays queued for the job
                logger.exception("text message %s: sending failed", message_id)
        connections.close_all()


background = BackgroundSender()
atexit.register(background.stop)  # a process ending normally (a worker told to stop) sends what it queued


class GatewayError(Exception):
    def __init__(self, reason: str, *, retry: bool) -> None:
        super().__init__(reason)
        self.retry = retry


@dataclass(frozen=True)
class HttpSmsGateway:
    url: str
    token: str
    timeout: int

    def send(self, message: TextMessage) -> str:
        payload = json.dumps({"to": message.phone, "text": message.body, "ref": str(message.pk)}).encode()
        request = urllib.request.Request(  # noqa: S310  (the URL is an http(s) setting, checked at start-up)
            self.url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": f"sms-{message.pk}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = response.read()
        except urllib.error.HTTPError as exc:
            retry = exc.code == 429 or exc.code >= 500
            raise GatewayError(f"HTTP {exc.code}", retry=retry) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise GatewayError(f"unreachable: {exc.__class__.__name__}", retry=True) from None
        try:
            return str(json.loads(answer or b"{}").get("id", ""))[:100]
        except (ValueError, AttributeError):
            return ""


def gateway() -> HttpSmsGateway | None:
    conf = settings.SHEBAO
    if not conf["SMS_GATEWAY_URL"]:
        return None
    return HttpSmsGateway(conf["SMS_GATEWAY_URL"], conf["SMS_GATEWAY_TOKEN"], conf["SMS_GATEWAY_TIMEOUT"])


def outbox_shown() -> bool:
    """Whether held texts are readable on /dev/outbox/: only in the demo, and only with no gateway."""
    return gateway() is None and settings.SHEBAO["DEMO_OUTBOX"]


def _claim(message_id: int, now) -> TextMessage | None:
    """Take one due message for sending; a concurrent sender's UPDATE then matches nothing."""
    message = TextMessage.objects.filter(pk=message_id, state=TextMessageState.QUEUED).first()
    if message is None or (message.next_attempt_at and message.next_attempt_at > now):
        return None
    lease = now + timedelta(minutes=BACKOFF_MINUTES[min(message.attempts, len(BACKOFF_MINUTES) - 1)])
    claimed = TextMessage.objects.filter(
        pk=message.pk, state=TextMessageState.QUEUED, attempts=message.attempts
    ).update(attempts=message.attempts + 1, next_attempt_at=lease)
    if not claimed:
        return None
    message.attempts += 1
    message.next_attempt_at = lease
    return message


def deliver(message_id: int, *, now=None) -> str | None:
    """Try to send one message; returns its new state, or None when it was not due or not ours."""
    now = now or timezone.now()
    sender = gateway()
    if sender is None:
        TextMessage.objects.filter(pk=message_id, state=TextMessageState.QUEUED).update(
            state=TextMessageState.HELD
        )
        return TextMessageState.HELD
    message = _claim(message_id, now)
    if message is None:
        return None
    try:
        ref = sender.send(message)
    except GatewayError as exc:
        final = not exc.retry or message.attempts >= MAX_ATTEMPTS
        state = TextMessageState.FAILED if final else TextMessageState.QUEUED
        erase = {"body": ERASED} if final and message.secret else {}
        TextMessage.objects.filter(pk=message.pk).update(state=state, last_error=str(exc)[:300], **erase)
        logger.warning("text message %s to %s: %s (%s)", message.pk, message.phone, exc, state)
        return state
    TextMessage.objects.filter(pk=message.pk).update(
        state=TextMessageState.SENT,
        sent_at=timezone.now(),
        gateway_ref=ref,
        last_error="",
        **({"body": ERASED} if message.secret else {}),
    )
    return TextMessageState.SENT


@job("core.text_messages", every_minutes=1)
def deliver_due(*, now=None, limit: int = 500) -> dict[str, int]:
    """Send what is queued and due (first tries that a crash interrupted, and retries). Run it often."""
    now = now or timezone.now()
    # Held secrets (no gateway) are erased once no one could still use them.
    TextMessage.objects.filter(secret=True, created_at__lt=now - SECRET_KEPT).exclude(body=ERASED).update(
        body=ERASED
    )
    due = TextMessage.objects.filter(state=TextMessageState.QUEUED).exclude(next_attempt_at__gt=now)
    counts: dict[str, int] = {}
    for message_id in due.order_by("id").values_list("id", flat=True)[:limit]:
        state = deliver(message_id, now=now)
        if state:
            counts[str(state)] = counts.get(str(state), 0) + 1
    return counts
