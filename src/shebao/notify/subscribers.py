"""Events other apps publish (core.events) become notices of the scenarios triggered by them. Runs in
the publisher's transaction and only writes rows: the texts and e-mails go later (notify.delivery)."""

from __future__ import annotations

import time

from shebao.core import events
from shebao.notify.models import Scenario, Trigger
from shebao.notify.services import Wanted, notices_create


def period_of(event: events.Event) -> str:
    """What makes one notice per person: the publisher's `period` (a month, a case number), else the day."""
    return str(event.data.get("period") or event.at.date().isoformat())


_CACHE: dict = {"at": 0.0, "by_event": {}}
CACHE_SECONDS = 60  # a scenario saved in the admin reaches every process's events within a minute


def forget_scenarios() -> None:
    _CACHE["at"] = 0.0


def _scenarios(name: str) -> list[Scenario]:
    """The active scenarios an event triggers, kept a minute per process: the publisher's transaction
    (an intake at the window) should not pay a query for them on every event."""
    now = time.monotonic()
    if now - _CACHE["at"] > CACHE_SECONDS:
        by_event: dict[str, list[Scenario]] = {}
        for scenario in Scenario.objects.filter(trigger=Trigger.EVENT, active=True):
            by_event.setdefault(scenario.trigger_name, []).append(scenario)
        _CACHE.update(at=now, by_event=by_event)
    return _CACHE["by_event"].get(name, [])


def on_event(event: events.Event) -> None:
    on_events([event])


def on_events(published: list[events.Event]) -> None:
    """The notices of the scenarios each event triggers, written for all the events at once."""
    by_name: dict[str, list[events.Event]] = {}
    for event in published:
        if event.person_id is not None:
            by_name.setdefault(event.name, []).append(event)
    for name, named in by_name.items():
        wanted = [Wanted(event.person_id, period_of(event), dict(event.data)) for event in named]
        for scenario in _scenarios(name):
            notices_create(scenario=scenario, wanted=wanted)


def connect() -> None:
    events.subscribe("*", on_event, many=on_events)
