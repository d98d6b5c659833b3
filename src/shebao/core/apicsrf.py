"""The signed-in user of a public API call, only when the call proves it comes from our own pages.

The API is CSRF-exempt (django-ninja), which is right for anonymous calls (kiosks, the phone app), but
a few public endpoints act as the signed-in member of staff when a session cookie comes along (a guide
issuing a priority ticket, a hall taking a home-visit request by phone). Another site's page can make a
browser send that cookie, never the CSRF token: without the token such a call is served as anonymous."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import CsrfViewMiddleware


def _csrf_passes(request) -> bool:
    # The middleware's own check (token in X-CSRFToken or the form, Origin/Referer on HTTPS); `None`
    # stands for a view that is not exempt, so the check is really made.
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


def session_user(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return AnonymousUser()
    return user if _csrf_passes(request) else AnonymousUser()
