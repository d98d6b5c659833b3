"""Answers that stay the same for the length of one request, asked for several times in it (the agreement
in force at the teller's outlet, asked by each permission check of an intake). Kept per request by
RequestMemoMiddleware; outside a request (jobs, commands, tests calling services) nothing is kept, so a
change is always seen by the next question."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_memo: ContextVar[dict | None] = ContextVar("shebao_request_memo", default=None)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@contextmanager
def remembering() -> Iterator[None]:
    """One request's memo: what is remembered inside is forgotten at the end."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with remembering():
            return self.get_response(request)
