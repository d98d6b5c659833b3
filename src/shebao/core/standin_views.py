"""A角/B角 for managers: name a stand-in for a post, mark the holder away (the stand-in takes over that
post's queue) and back. The rules live in core.services; this page only collects the choice."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shebao.core import services
from shebao.core.errors import ApplicationError, NotFound, ValidationFailed
from shebao.core.models import Role, StaffProfile, StandIn
from shebao.core.permissions import require


def _staff_managed(manager: StaffProfile):
    return (
        StaffProfile.objects.filter(agency__path__startswith=manager.agency.path, active=True)
        .select_related("agency", "user")
        .prefetch_related("roles")
        .order_by("agency__path", "display_name")
    )


def _profile(managed, pk: str) -> StaffProfile:
    found = managed.filter(pk=pk).first() if (pk or "").isdigit() else None
    if found is None:
        raise NotFound()
    return found


def _until(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(fields={"until": _("Enter a date as YYYY-MM-DD.")}) from None


def _act(request: HttpRequest, managed) -> str:
    holder = _profile(managed, request.POST.get("holder", ""))
    what = request.POST.get("do")
    if what == "name":
        stand_in = _profile(managed, request.POST.get("stand_in", ""))
        services.stand_in_name(
            actor=request.user, holder=holder, stand_in=stand_in, role=request.POST.get("role", "")
        )
        return _("The stand-in is named.")
    if what == "away":
        services.stand_in_mark_away(
            actor=request.user, holder=holder, until=_until(request.POST.get("until"))
        )
        return _("The holder is marked away: the stand-in takes over the post's queue.")
    services.stand_in_mark_back(actor=request.user, holder=holder)
    return _("The holder is back: the stand-in no longer covers the post.")


@login_required
def stand_ins(request: HttpRequest) -> HttpResponse:
    manager = require(request.user, "core.stand_in.arrange")
    managed = _staff_managed(manager)
    error = None
    if request.method == "POST":
        try:
            messages.success(request, _act(request, managed))
            return redirect("core:stand_ins")
        except ApplicationError as refusal:
            error = refusal
    rows = (
        StandIn.objects.filter(holder__in=managed)
        .select_related("holder", "stand_in")
        .order_by("holder__display_name", "role")
    )
    context = {
        "rows": rows,
        "staff": managed,
        "roles": [(r.value, r.label) for r in Role if r != Role.ADMIN],
        "error": error,
        "posted": request.POST,
    }
    return render(request, "core/stand_ins.html", context, status=error.status if error else 200)
