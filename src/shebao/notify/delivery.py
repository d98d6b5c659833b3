"""Sending deliveries: the background job `notify.deliver` (core.jobs) takes the waiting texts and
e-mails, keeps quiet hours and the per-person limit, retries with back-off, follows texts through the
outbox of core.messaging and, when a channel finally fails, writes the notice to the fallback channel.

A delivery is claimed by a conditional UPDATE (attempts and a lease), so two runners never send one
twice; texts carry the dedupe key `notice-<id>`, so a crash after the outbox row was written cannot
make a second text either. A gateway that is down loses nothing: the outbox retries, then this falls back.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from shebao.core import messaging
from shebao.core.errors import ValidationFailed
from shebao.core.jobs import job
from shebao.core.models import TextMessageState
from shebao.notify.models import Channel, Delivery, DeliveryState
from shebao.notify.services import address_of

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_MINUTES = (1, 5, 25, 120, 600)  # after the n-th failed attempt; also the lease while sending
EXTERNAL = (Channel.SMS, Channel.EMAIL)


def quiet_until(now: datetime) -> datetime | None:
    """The end of the quiet hours if `now` is inside them (local time), else None."""
    conf = settings.NOTIFY
    start, end = conf["QUIET_FROM"], conf["QUIET_UNTIL"]
    local = timezone.localtime(now)
    hour = local.hour
    inside = (start <= hour or hour < end) if start > end else (start <= hour < end)
    if not inside:
        return None
    morning = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if morning <= local:
        morning += timedelta(days=1)
    return morning


def _over_limit(delivery: Delivery, now: datetime) -> bool:
    if delivery.person_id is None:
        return False
    recent = Delivery.objects.filter(
        person_id=delivery.person_id,
        channel__in=EXTERNAL,
        state__in=(DeliveryState.SENT, DeliveryState.DELIVERED),
        delivered_at__gte=now - timedelta(days=1),
    ).count()
    return recent >= settings.NOTIFY["PER_PERSON_PER_DAY"]


def _claim(delivery_id: int, now: datetime) -> Delivery | None:
    row = Delivery.objects.filter(pk=delivery_id, state=DeliveryState.PENDING).first()
    if row is None or (row.next_attempt_at and row.next_attempt_at > now):
        return None
    lease = now + timedelta(minutes=BACKOFF_MINUTES[min(row.attempts, len(BACKOFF_MINUTES) - 1)])
    taken = Delivery.objects.filter(pk=row.pk, state=DeliveryState.PENDING, attempts=row.attempts).update(
        attempts=row.attempts + 1, next_attempt_at=lease
    )
    if not taken:
        return None
    row.attempts += 1
    return row


def _postpone(delivery: Delivery, until: datetime) -> None:
    """Not an attempt: quiet hours or the limit; the claim's attempt is given back."""
    Delivery.objects.filter(pk=delivery.pk).update(attempts=delivery.attempts - 1, next_attempt_at=until)


def fall_back(delivery: Delivery) -> Delivery | None:
    """The notice once more on the scenario's fallback channel, unless the recipient has it there."""
    fallback = delivery.notice.scenario.fallback_channel
    if not fallback or fallback == delivery.channel:
        return None
    exists = Delivery.objects.filter(
        notice_id=delivery.notice_id, channel=fallback, person_id=delivery.person_id,
        employer_id=delivery.employer_id, agency_id=delivery.agency_id,
    ).exclude(state=DeliveryState.FAILED).exists()  # fmt: skip
    if exists:
        return None
    inbox = fallback == Channel.INBOX
    address = "" if inbox or delivery.person is None else address_of(delivery.person, fallback)
    if not inbox and not address:
        return None
    return Delivery.objects.create(
        notice_id=delivery.notice_id, audience=delivery.audience, channel=fallback,
        person_id=delivery.person_id, employer_id=delivery.employer_id, agency_id=delivery.agency_id,
        address=address, language=delivery.language, title=delivery.title, body=delivery.body,
        state=DeliveryState.DELIVERED if inbox else DeliveryState.PENDING,
        delivered_at=timezone.now() if inbox else None, is_fallback=True,
    )  # fmt: skip


def _fail(delivery: Delivery, error: str) -> str:
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED, last_error=error[:300])
        fall_back(delivery)
    logger.warning("notice delivery %s over %s failed: %s", delivery.pk, delivery.channel, error)
    return DeliveryState.FAILED


def _send_text(delivery: Delivery, now: datetime) -> str:
    try:
        message = messaging.text_message_send(
            phone=delivery.address,
            body=delivery.body,
            purpose=f"notify.{delivery.notice.scenario.code}"[:100],
            dedupe_key=f"notice-{delivery.pk}",
        )
    except ValidationFailed as exc:  # a number no text can reach: no retry helps
        return _fail(delivery, f"unreachable number: {exc}")
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.SENT, text_message=message, delivered_at=now, last_error=""
    )
    return DeliveryState.SENT


def _send_email(delivery: Delivery, now: datetime) -> str:
    try:
        EmailMessage(subject=delivery.title, body=delivery.body, to=[delivery.address]).send()
    except Exception as exc:  # SMTP down, refused, timed out: retried with back-off, then the fallback
        error = f"{exc.__class__.__name__}: {exc}"
        if delivery.attempts >= MAX_ATTEMPTS:
            return _fail(delivery, error)
        Delivery.objects.filter(pk=delivery.pk).update(last_error=error[:300])
        return DeliveryState.PENDING
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.DELIVERED, delivered_at=now, last_error=""
    )
    return DeliveryState.DELIVERED


def deliver(delivery_id: int, *, now: datetime | None = None) -> str | None:
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    delivery = Delivery.objects.select_related("notice__scenario", "person").get(pk=delivery.pk)
    if delivery.channel == Channel.SMS and (morning := quiet_until(now)):
        _postpone(delivery, morning)
        return "quiet"
    if _over_limit(delivery, now):
        _postpone(delivery, now + timedelta(hours=1))
        return "limited"
    if delivery.channel == Channel.SMS:
        return _send_text(delivery, now)
    if delivery.channel == Channel.EMAIL:
        return _send_email(delivery, now)
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.DELIVERED, delivered_at=now)
    return DeliveryState.DELIVERED


def follow_texts() -> dict[str, int]:
    """Texts handed to the outbox: delivered when the gateway took them, failed (and fallen back) when
    the outbox gave up. Held texts (no gateway configured) stay handed over."""
    counts = {"delivered": 0, "failed": 0}
    handed = Delivery.objects.filter(
        channel=Channel.SMS, state=DeliveryState.SENT, text_message__isnull=False
    )
    for delivery in handed.select_related("text_message", "notice__scenario", "person")[:1000]:
        state = delivery.text_message.state
        if state == TextMessageState.SENT:
            Delivery.objects.filter(pk=delivery.pk).update(
                state=DeliveryState.DELIVERED, delivered_at=delivery.text_message.sent_at
            )
            counts["delivered"] += 1
        elif state == TextMessageState.FAILED:
            _fail(delivery, f"text message: {delivery.text_message.last_error}")
            counts["failed"] += 1
    return counts


@job("notify.deliver", every_minutes=1)
def deliver_due(*, now: datetime | None = None, limit: int = 500) -> dict[str, int]:
    now = now or timezone.now()
    due = Delivery.objects.filter(state=DeliveryState.PENDING).exclude(next_attempt_at__gt=now)
    counts: dict[str, int] = {}
    for delivery_id in due.order_by("id").values_list("id", flat=True)[:limit]:
        state = deliver(delivery_id, now=now)
        if state:
            counts[str(state)] = counts.get(str(state), 0) + 1
    followed = follow_texts()
    return {**counts, **{f"text_{k}": v for k, v in followed.items() if v}}
