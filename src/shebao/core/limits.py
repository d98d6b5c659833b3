"""Counting limits (attempts per address, per account) atomically, in the database every process shares.

One statement counts a hit and says how many there were in the window: an insert that, on a key already
there, adds one (or starts a new window when the old one has ended). The file cache's incr is a read and
a write (80 concurrent requests passed 35 through a limit of 20); this is one row update under the
database's own lock, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from shebao.core.jobs import job
from shebao.core.models import RateCounter

_HIT = """
INSERT INTO {table} (key, count, window_ends_at) VALUES (%s, 1, %s)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN {table}.window_ends_at <= %s THEN 1 ELSE {table}.count + 1 END,
    window_ends_at = CASE WHEN {table}.window_ends_at <= %s THEN excluded.window_ends_at
                          ELSE {table}.window_ends_at END
RETURNING count
"""


def hit(key: str, window: timedelta, *, now=None) -> int:
    """Count one hit on `key`; the number of hits in the current window, this one included."""
    now = now or timezone.now()
    sql = _HIT.format(table=connection.ops.quote_name(RateCounter._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [key[:200], now + window, now, now])
        return int(cursor.fetchone()[0])


def hits(key: str, *, now=None) -> int:
    """Hits on `key` in its current window, counting nothing."""
    now = now or timezone.now()
    row = RateCounter.objects.filter(key=key[:200], window_ends_at__gt=now).values_list("count", flat=True)
    return int(row.first() or 0)


def left(key: str, *, now=None) -> timedelta | None:
    """Time left in `key`'s current window (None when it has none)."""
    now = now or timezone.now()
    ends = RateCounter.objects.filter(key=key[:200], window_ends_at__gt=now).values_list(
        "window_ends_at", flat=True
    )
    end = ends.first()
    return None if end is None else end - now


def hold(key: str, duration: timedelta, *, now=None) -> None:
    """Start a window of `duration` on `key` now (a wait that `left` then reports)."""
    now = now or timezone.now()
    RateCounter.objects.update_or_create(
        key=key[:200], defaults={"count": 1, "window_ends_at": now + duration}
    )


def over(key: str, limit: int, window: timedelta) -> bool:
    """Count a hit and say whether it goes past `limit` in the window."""
    return hit(key, window) > limit


@job("core.rate_counters", every_minutes=60)
def forget_expired(*, now=None) -> int:
    """Counters whose window has ended count nothing any more (a new hit starts afresh): drop them."""
    return RateCounter.objects.filter(window_ends_at__lte=now or timezone.now()).delete()[0]
