"""Background jobs: each app registers what must run by itself (texts to send, reminders, slots), and
`python -m shebao run_jobs` runs them beside the web server (`make run` starts it), with nothing but the
database: no broker. Every registered job is idempotent, so a restart, a second runner or a cron entry
calling `run_jobs --once` can never do a job's work twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

logger = logging.getLogger(__name__)

# Jobs that text citizens wait for the day: nobody wants a reminder at three in the morning.
DAYTIME = (time(8, 0), time(20, 0))


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], object]
    every: timedelta
    daytime_only: bool

    def may_run_at(self, now: datetime) -> bool:
        local = timezone.localtime(now).time()
        return not self.daytime_only or DAYTIME[0] <= local < DAYTIME[1]


_JOBS: dict[str, Job] = {}


def job(name: str, *, every_minutes: int, daytime_only: bool = False):
    """Register `func` to run every `every_minutes` minutes (and once when the runner starts)."""

    def register(func: Callable[[], object]) -> Callable[[], object]:
        if name in _JOBS:
            raise RuntimeError(f"job {name!r} is registered twice")
        _JOBS[name] = Job(name, func, timedelta(minutes=every_minutes), daytime_only)
        return func

    return register


def registered() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda j: j.name)


def did_something(result: object) -> bool:
    """False for a job's "nothing to do" (None, 0, {} or a dict of such), so a quiet minute logs nothing."""
    if isinstance(result, dict):
        return any(did_something(v) for v in result.values())
    return bool(result)


def run_due(last_run: dict[str, datetime], now: datetime) -> dict[str, str]:
    """Run every job that is due; one job's failure is logged and does not stop the others. Returns what
    to tell about each job that ran: its result, or the failure."""
    outcomes = {}
    for each in registered():
        previous = last_run.get(each.name)
        if (previous is not None and now - previous < each.every) or not each.may_run_at(now):
            continue
        last_run[each.name] = now
        try:
            result = each.func()
            outcomes[each.name] = f"ok: {result}" if did_something(result) else "ok"
        except Exception as exc:  # a runner that dies stops every other job: log it and go on
            logger.exception("job %s failed", each.name)
            outcomes[each.name] = f"failed: {exc.__class__.__name__}"
    return outcomes
