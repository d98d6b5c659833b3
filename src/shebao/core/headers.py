"""Response headers every page and file gets, in one middleware (placed after WhiteNoise, so static files
are not touched, and before the session and CSRF middlewares, so it sees the cookies they set):

- Content-Security-Policy: scripts and styles only from this site's own files (no inline script, no
  style attribute), pictures from here and the configured map tile server. A view that sets its own
  policy (a scan: sandboxed) keeps it.
- Cache-Control: no-store on everything that may hold personal data: every response to a browser that
  carries a session (a member of staff or a signed-in citizen) and every path that is not public reference
  data. Private is the default, so a new page is not cached until someone lists it as public.
- Secure cookies whenever the request came over HTTPS (directly, or behind NUM_PROXIES proxies that say so
  in X-Forwarded-Proto: settings.SECURE_PROXY_SSL_HEADER). HSTS is Django's SecurityMiddleware's.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.cache import add_never_cache_headers

# Reference data anybody may read and a shared cache may keep: the service guide, the outlet map, the
# public lookups of the API. Anything else (and all of these for a browser with a session) is no-store.
PUBLIC_PATHS = ("/", "/favicon.ico", "/healthz")
PUBLIC_PREFIXES = (
    "/catalog/",
    "/outlets/",
    "/api/v1/catalog/",
    "/api/v1/outlets",
    "/api/v1/coverage",
    "/api/v1/siting",
    "/api/v1/openapi.json",
    "/api/v1/docs",
)
# Under the public prefixes, but about agreements and staff: never cached.
PRIVATE_PREFIXES = ("/outlets/manage/", "/outlets/agreements/")

CSP_HEADER = "Content-Security-Policy"


def tile_source(tile_url: str) -> str:
    """The CSP source of a tile URL template: its scheme and host, `{s}` subdomains as a wildcard."""
    parts = urlsplit(tile_url)
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def content_security_policy() -> str:
    images = ["'self'", "data:"]
    tiles = tile_source(settings.SHEBAO.get("MAP_TILE_URL", ""))
    if tiles:
        images.append(tiles)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": images,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def is_public(path: str) -> bool:
    if path.startswith(PRIVATE_PREFIXES):
        return False
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def may_hold_personal_data(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES or not is_public(request.path)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if CSP_HEADER not in response:
            response[CSP_HEADER] = content_security_policy()
        if may_hold_personal_data(request) or settings.SESSION_COOKIE_NAME in response.cookies:
            add_never_cache_headers(response)  # no-store, private, and an Expires in the past
        if request.is_secure():
            for cookie in response.cookies.values():
                cookie["secure"] = True
        return response
