"""Citizen pages: sign-in with a texted code, the portal home, and proxy bindings (亲情代办)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shebao.core import messaging
from shebao.core.audit import log_action
from shebao.core.clientaddr import client_address
from shebao.core.errors import ApplicationError
from shebao.people import portal, proxies
from shebao.people.citizen_models import CodePurpose, ProxyBinding, Relation
from shebao.people.citizens import code_request, code_verify

CHALLENGE = "shebao_citizen_challenge"
CONSENT = "shebao_citizen_consent"


def _client(request: HttpRequest) -> str:
    return client_address(request) or "unknown"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("portal:home")


def sign_in(request: HttpRequest) -> HttpResponse:
    """Step 1: the document number. The answer never says whether it is known."""
    if portal.current_citizen(request) is not None:
        return redirect(_next(request))
    ctx: dict = {"next": request.GET.get("next", "")}
    if request.method == "POST":
        ctx["number"] = request.POST.get("number", "")
        try:
            row = code_request(number=ctx["number"], client=_client(request))
        except ApplicationError as error:
            ctx["error"] = error
            return render(request, "people/portal/sign_in.html", ctx, status=error.status)
        request.session[CHALLENGE] = row.pk
        return redirect(reverse("portal:sign_in_code") + "?next=" + _next(request))
    return render(request, "people/portal/sign_in.html", ctx)


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the 6-digit code from the text message."""
    # Without an SMS gateway (development, the demo) the text waits on the outbox page: say where.
    ctx: dict = {"next": request.GET.get("next", ""), "held_in_outbox": messaging.outbox_shown()}
    if request.session.get(CHALLENGE) is None:
        return redirect("portal:sign_in")
    if request.method == "POST":
        try:
            verified = code_verify(
                code_id=request.session.get(CHALLENGE),
                code=request.POST.get("code", ""),
                purpose=CodePurpose.SIGN_IN,
            )
        except ApplicationError as error:
            ctx["error"] = error
            return render(request, "people/portal/sign_in_code.html", ctx, status=error.status)
        target = _next(request)
        request.session.pop(CHALLENGE, None)
        portal.citizen_sign_in(request, verified.person)
        log_action("people.citizen.signed_in", obj=verified.person, data={"client": _client(request)})
        return redirect(target)
    return render(request, "people/portal/sign_in_code.html", ctx)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    portal.citizen_sign_out(request)
    return redirect("core:home")


@portal.citizen_required
def home(request: HttpRequest) -> HttpResponse:
    citizen = request.citizen
    persons = portal.acting_for(citizen)
    blocks = []
    for panel in portal.panels():
        ctx = panel.context(request, citizen, persons)
        if ctx is not None:
            blocks.append(render_to_string(panel.template, ctx, request=request))
    ctx = {
        "citizen": citizen,
        "panels": blocks,
        "acts_for": ProxyBinding.objects.filter(proxy=citizen, ended_at__isnull=True).select_related(
            "principal"
        ),
        "helped_by": ProxyBinding.objects.filter(principal=citizen, ended_at__isnull=True).select_related(
            "proxy"
        ),
        "max_principals": proxies.MAX_PRINCIPALS,
    }
    return render(request, "people/portal/home.html", ctx)


@portal.citizen_required
def proxy_add(request: HttpRequest) -> HttpResponse:
    """Bind a relative: their document number and the relation; a consent code goes to their phone."""
    ctx: dict = {"relations": Relation.choices, "max_principals": proxies.MAX_PRINCIPALS}
    if request.method == "POST":
        ctx.update(number=request.POST.get("number", ""), relation=request.POST.get("relation", ""))
        try:
            row = proxies.proxy_consent_request(
                proxy=request.citizen, number=ctx["number"], relation=ctx["relation"], client=_client(request)
            )
        except ApplicationError as error:
            ctx["error"] = error
            return render(request, "people/portal/proxy_add.html", ctx, status=error.status)
        request.session[CONSENT] = row.pk
        return redirect("portal:proxy_confirm")
    return render(request, "people/portal/proxy_add.html", ctx)


@portal.citizen_required
def proxy_confirm(request: HttpRequest) -> HttpResponse:
    if request.session.get(CONSENT) is None:
        return redirect("portal:proxy_add")
    ctx: dict = {}
    if request.method == "POST":
        try:
            binding = proxies.proxy_consent_confirm(
                proxy=request.citizen, code_id=request.session.get(CONSENT), code=request.POST.get("code", "")
            )
        except ApplicationError as error:
            ctx["error"] = error
            return render(request, "people/portal/proxy_confirm.html", ctx, status=error.status)
        request.session.pop(CONSENT, None)
        messages.success(
            request, _("You may now act for %(name)s.") % {"name": binding.principal.masked_name}
        )
        return redirect("portal:home")
    return render(request, "people/portal/proxy_confirm.html", ctx)


@require_POST
@portal.citizen_required
def proxy_end(request: HttpRequest, binding_id: int) -> HttpResponse:
    proxies.proxy_unbind(binding_id=binding_id, person=request.citizen)
    messages.success(request, _("The binding has ended."))
    return redirect("portal:home")
