"""Public pages kept for a minute, per language and type size: the public reference data of
core/headers.py (the catalogue, the guides, the outlet map, the outlets' pages and their public API).

Most visits are anonymous citizens reading the same few pages; rendering a guide costs ~10 ms of Python, a
copy costs well under one. Only requests with no cookie but the language, the type size and the CSRF cookie
are served from or stored into the copy, so nobody signed in ever sees a page made for someone else, and only
a complete 200 answer that sets no cookie of its own is kept. The one per-visitor part of a public page, its
CSRF token, is cut out of the copy and each visitor gets their own in its place (`get_token`), so a copy
never hands one visitor's token to another. Staleness is bounded by PUBLIC_PAGE_SECONDS (0 turns it off).
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from shebao.core.headers import is_public
from shebao.core.middleware import ELDER_COOKIE

# Live answers, public or not, are never copies.
LIVE_PATHS = ("/healthz",)
HARMLESS_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, ELDER_COOKIE}
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
SLOT = b"\x00csrf-token\x00"


def _cacheable_request(request: HttpRequest) -> bool:
    path = request.path
    return (
        request.method == "GET"
        and is_public(path)
        and path not in LIVE_PATHS
        and set(request.COOKIES) <= HARMLESS_COOKIES
    )


def _key(request: HttpRequest) -> str:
    parts = [
        request.LANGUAGE_CODE,
        request.COOKIES.get(ELDER_COOKIE, ""),
        request.headers.get("HX-Request", ""),
        request.get_full_path(),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _copy(response: HttpResponse) -> dict | None:
    """What is kept of an answer, with its CSRF token cut out; None when it must not be kept."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if any(word in response.get("Cache-Control", "") for word in ("private", "no-store", "no-cache")):
        return None
    body = response.content
    tokens = set(TOKEN.findall(body))
    if len(tokens) > 1:
        return None
    if tokens:
        body = body.replace(tokens.pop(), SLOT)
    headers = {k: v for k, v in response.headers.items() if k.lower() not in ("set-cookie", "content-length")}
    return {"body": body, "headers": headers}


def _answer(request: HttpRequest, copy: dict) -> HttpResponse:
    body = copy["body"]
    if SLOT in body:
        body = body.replace(SLOT, get_token(request).encode())  # this visitor's own token (and cookie)
    response = HttpResponse(body)
    for name, value in copy["headers"].items():
        response[name] = value
    return response


class PublicPageCacheMiddleware:
    """After LocaleMiddleware (the language is known) and CsrfViewMiddleware (which sets the visitor's CSRF
    cookie on the way out, for a copy as for a fresh page)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches["pages"]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.SHEBAO["PUBLIC_PAGE_SECONDS"]
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        copy = self.cache.get(key)
        if copy is not None:
            return _answer(request, copy)
        response = self.get_response(request)
        kept = _copy(response)
        if kept is not None:
            self.cache.set(key, kept, seconds)
        return response
