"""Events between apps, the one small interface of DESIGN.md: a later app (notify, dashboard) never reads
an earlier app's tables to learn what happened; the earlier app publishes an event ("records.benefit.paid",
"cases.case.decided") and whoever cares subscribes.

Subscribers run at once, inside the publisher's transaction, so what they write (a notice queued, a
counter moved) exists exactly when the change it follows does: a rollback takes both away, and a crash
after the commit loses neither. A subscriber therefore only writes rows; anything slow or external (a
text, an e-mail) is sent later by a job that reads those rows. A subscriber that raises rolls the
publisher's change back too: subscribe only what must hold together with the change.

    from shebao.core import events

    @events.subscriber("records.benefit.paid")
    def queue_notice(event: events.Event) -> None: ...

    events.publish("records.benefit.paid", person_id=person.pk, month="2026-11", amount="3479.14")

Subscribe in an AppConfig.ready() (import the module holding the subscribers), so every process has them.
Event data are plain JSON values (str, int, bool, lists, dicts): they may be stored and read back later.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

logger = logging.getLogger(__name__)

_NAME = re.compile(r"^[a-z_]+(\.[a-z_]+){2}$")


@dataclass(frozen=True)
class Event:
    name: str  # app.noun.verb, as audit actions are named
    person_id: int | None = None
    data: dict = field(default_factory=dict)
    at: datetime = field(default_factory=timezone.now)


Subscriber = Callable[[Event], None]
BatchSubscriber = Callable[[list[Event]], None]
_subscribers: dict[str, list[Subscriber]] = defaultdict(list)
_for_many: dict[Subscriber, BatchSubscriber] = {}


def subscribe(name: str, handler: Subscriber, *, many: BatchSubscriber | None = None) -> None:
    """Call `handler` for every event called `name` ("*" for every event). Subscribing twice is once.
    `many`, when given, takes the events of publish_many in one call instead (the same effect, in a few
    queries rather than a few per event)."""
    if name != "*" and not _NAME.match(name):
        raise ValueError(f"event names are app.noun.verb: {name!r}")
    if handler not in _subscribers[name]:
        _subscribers[name].append(handler)
    if many is not None:
        _for_many[handler] = many


def unsubscribe(name: str, handler: Subscriber) -> None:
    if handler in _subscribers.get(name, []):
        _subscribers[name].remove(handler)


def subscriber(name: str) -> Callable[[Subscriber], Subscriber]:
    """Decorator form of subscribe."""

    def register(handler: Subscriber) -> Subscriber:
        subscribe(name, handler)
        return handler

    return register


def publish(name: str, *, person_id: int | None = None, **data) -> Event:
    """Tell every subscriber of `name` (and of "*") that it happened, in the caller's transaction."""
    if not _NAME.match(name):
        raise ValueError(f"event names are app.noun.verb: {name!r}")
    return publish_many(name, [(person_id, data)])[0]


def publish_many(name: str, items: list[tuple[int | None, dict]]) -> list[Event]:
    """Many events of one name at once, (person_id, data) each: a batch job's chunk (a silent run certifies
    2,000 persons a chunk). Each subscriber sees every event, as with publish, in the caller's transaction."""
    if not _NAME.match(name):
        raise ValueError(f"event names are app.noun.verb: {name!r}")
    published = [Event(name=name, person_id=person_id, data=data) for person_id, data in items]
    for handler in [*_subscribers.get(name, []), *_subscribers.get("*", [])]:
        many = _for_many.get(handler)
        if many is not None:
            many(published)
        else:
            for event in published:
                handler(event)
    logger.debug(
        "%d events %s published to %d subscribers", len(published), name, len(_subscribers.get(name, []))
    )
    return published
