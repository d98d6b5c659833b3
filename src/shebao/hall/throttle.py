"""Guessing guards for the public pages and API that open something by a code (a booking code, a
check-in): a client that misses too often is refused for a while. Counted per address (core.limits)."""

from datetime import timedelta

from shebao.core import limits
from shebao.core.clientaddr import client_address
from shebao.hall.errors import Throttled

MISSES = 20  # wrong codes per client address in WINDOW seconds: enough for typos, not for guessing
WINDOW = 600


def _key(request, what: str) -> str:
    return f"hall:misses:{what}:{client_address(request)}"


def refuse_if_guessing(request, what: str) -> None:
    if limits.hits(_key(request, what)) >= MISSES:
        raise Throttled()


def count_miss(request, what: str) -> None:
    limits.hit(_key(request, what), timedelta(seconds=WINDOW))
