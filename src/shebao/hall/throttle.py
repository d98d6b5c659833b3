"""Guessing guards for the public pages and API that open something by a code (a booking code, a
check-in): a client that misses too often is refused for a while. Counted in the cache, per address."""

from django.core.cache import cache

from shebao.hall.errors import Throttled

MISSES = 20  # wrong codes per client address in WINDOW seconds: enough for typos, not for guessing
WINDOW = 600


def _key(request, what: str) -> str:
    return f"hall:misses:{what}:{request.META.get('REMOTE_ADDR', '')}"


def refuse_if_guessing(request, what: str) -> None:
    if (cache.get(_key(request, what)) or 0) >= MISSES:
        raise Throttled()


def count_miss(request, what: str) -> None:
    key = _key(request, what)
    cache.add(key, 0, timeout=WINDOW)
    cache.incr(key)
