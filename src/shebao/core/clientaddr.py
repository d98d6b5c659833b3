"""The client's address, in one place: every per-address limit, lock-out and audit line asks here.

Behind NUM_PROXIES reverse proxies the client is the address the outermost trusted proxy put in
X-Forwarded-For (each proxy appends the address it saw); with 0 the header is ignored, so a client cannot
escape a limit with a made-up header, and REMOTE_ADDR is the client."""

from __future__ import annotations

from django.conf import settings


def client_address(request) -> str:
    if request is None:
        return ""
    num_proxies = settings.NINJA_NUM_PROXIES
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if num_proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if not forwarded:
        return remote
    return forwarded[-min(num_proxies, len(forwarded))]
