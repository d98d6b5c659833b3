"""The citizen portal's shell: who is signed in, for whom they may act, and the panels that higher apps
add to the portal's home page (people imports only core, so cases registers its own panel).

A citizen is not a Django user. Their sign-in lives under its own session key with its own idle limit;
a browser with a staff sign-in is never also a citizen, and signing in as a citizen ends a staff one.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth import logout as staff_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from shebao.core.audit import log_action
from shebao.people.models import Person
from shebao.people.proxies import principals_of

SESSION_KEY = "shebao_citizen"
IDLE_SECONDS = 15 * 60


def citizen_sign_in(request: HttpRequest, person: Person) -> None:
    if request.user.is_authenticated:
        staff_logout(request)  # one browser, one identity
    request.session.cycle_key()  # no session fixation
    request.session[SESSION_KEY] = {"person": person.pk, "seen": int(time.time())}


def citizen_sign_out(request: HttpRequest) -> None:
    data = request.session.pop(SESSION_KEY, None)
    if data:
        log_action("people.citizen.signed_out", data={"person": data.get("person")})
        request.session.cycle_key()


def current_citizen(request: HttpRequest) -> Person | None:
    """The signed-in citizen, or None. Renews the idle limit."""
    if hasattr(request, "_citizen"):
        return request._citizen
    person = None
    data = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    user = getattr(request, "user", None)
    if data and not (user is not None and user.is_authenticated):
        now = int(time.time())
        if now - int(data.get("seen", 0)) <= IDLE_SECONDS:
            person = Person.objects.filter(pk=data.get("person")).first()
            if person is not None and now - int(data["seen"]) > 30:
                request.session[SESSION_KEY] = {**data, "seen": now}
        else:
            request.session.pop(SESSION_KEY, None)
    request._citizen = person
    return person


def acting_for(person: Person) -> list[Person]:
    """The citizen first, then everyone they are bound to act for."""
    return [person, *principals_of(person)]


def citizen_required(view: Callable) -> Callable:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        person = current_citizen(request)
        if person is None:
            return redirect(reverse("portal:sign_in") + "?" + urlencode({"next": request.get_full_path()}))
        request.citizen = person
        return view(request, *args, **kwargs)

    return wrapped


@dataclass(frozen=True)
class Panel:
    """A block of the portal's home page. `context(request, citizen, persons)` returns the template's
    context, or None to leave the panel out."""

    key: str
    order: int
    template: str
    context: Callable[[HttpRequest, Person, list[Person]], dict | None]


_PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: p.order)
