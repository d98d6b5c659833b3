"""The hall for its staff: a landing page (windows, guide, visits, follow-ups, statistics), the follow-ups
of bad ratings (overdue ones first and marked), the day's appointments, and the statistics."""

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.core.errors import ApplicationError, NotAllowed, NotFound
from shebao.core.masking import mask_phone
from shebao.core.models import Outlet, Role
from shebao.core.permissions import can, require, staff_of
from shebao.hall import evaluations, selectors, stats
from shebao.hall.models import FollowUp, Reason, Window


def _managed_outlets(request) -> list[Outlet]:
    profile = staff_of(request.user)
    if profile is None:
        raise NotAllowed()
    outlets = [
        o
        # Halls, and the partner points whose cases were rated badly (好差评 covers every channel).
        for o in Outlet.objects.filter(
            Q(hall_categories__isnull=False) | Q(hall_follow_ups__isnull=False),
            agency__path__startswith=profile.agency.path,
        )
        .distinct()
        .order_by("name")
        if can(request.user, "hall.follow_up.handle", o)
    ]
    if not outlets:
        raise NotAllowed()
    return outlets


@login_required
def hall_home(request: HttpRequest) -> HttpResponse:
    """Where a teller, guide or manager starts in the hall."""
    profile = staff_of(request.user)
    if profile is None:
        raise NotAllowed()
    outlet = profile.outlet
    windows = list(Window.objects.filter(outlet=outlet)) if outlet else []
    windows = [w for w in windows if can(request.user, "hall.window.operate", w)]
    managed = []
    if profile.has_role(Role.MANAGER):
        try:
            managed = _managed_outlets(request)
        except NotAllowed:
            managed = []
    context = {
        "profile": profile,
        "outlet": outlet,
        "windows": windows,
        "may_issue": outlet is not None and can(request.user, "hall.ticket.issue", outlet),
        "may_take_visits": can(request.user, "hall.home_visit.take"),
        "managed": managed,
    }
    if not (windows or context["may_issue"] or context["may_take_visits"] or managed):
        raise NotAllowed()
    return render(request, "hall/staff_home.html", context)


@login_required
def my_window(request: HttpRequest) -> HttpResponse:
    """The teller's workbench card: straight to the window assigned to them (or the outlet's only one);
    the hall page lists the windows when the teller has to choose."""
    profile = require(request.user, "hall.window.serve")
    windows = [
        w
        for w in Window.objects.filter(outlet_id=profile.outlet_id)
        if can(request.user, "hall.window.operate", w)
    ]
    assigned = [w for w in windows if w.teller_id == profile.pk]
    chosen = assigned if len(assigned) == 1 else windows
    if len(chosen) == 1:
        return redirect("hall:window", window_id=chosen[0].pk)
    return redirect("hall:staff_home")


@login_required
def my_tickets(request: HttpRequest) -> HttpResponse:
    """The guide's workbench card: the ticket page of their own hall, in guide mode."""
    profile = require(request.user, "hall.ticket.hand_out")
    return redirect("hall:take", outlet_code=profile.outlet.code)


@login_required
def follow_ups(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    items = selectors.follow_ups(
        outlets=_managed_outlets(request), include_closed=show == "all", overdue_only=show == "overdue"
    )
    return render(request, "hall/follow_ups.html", {"follow_ups": items, "show": show})


def _cases_of(evaluation) -> list:
    """The case rated, or the cases accepted for the ticket rated (a home visit's are in its record)."""
    if evaluation.case_id:
        return [evaluation.case]
    ticket = evaluation.ticket
    return [link.case for link in ticket.case_links.select_related("case")] if ticket else []


@login_required
def follow_up_page(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = (
        FollowUp.objects.select_related(
            "evaluation__ticket__category",
            "evaluation__window",
            "evaluation__home_visit__assigned_to",
            "evaluation__case__item_version__item",
            "outlet",
        )
        .filter(pk=follow_up_id)
        .first()
    )
    if follow_up is None:
        raise NotFound()
    require(request.user, "hall.follow_up.handle", follow_up)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("step") == "verify":
                evaluations.follow_up_verify(
                    user=request.user,
                    follow_up=follow_up,
                    finding=request.POST.get("finding", ""),
                    justified=request.POST.get("justified") == "1",
                )
            else:
                evaluations.follow_up_close(
                    user=request.user,
                    follow_up=follow_up,
                    rectification=request.POST.get("rectification", ""),
                    outcome=request.POST.get("outcome", ""),
                )
        except ApplicationError as exc:
            if exc.status == 403:
                raise
            error = exc
        else:
            return redirect("hall:follow_up", follow_up_id=follow_up.pk)
    reasons = dict(Reason.choices)
    context = {
        "follow_up": follow_up,
        "overdue": evaluations.follow_up_overdue(follow_up),
        "reasons": [reasons.get(r, r) for r in follow_up.evaluation.reasons],
        "phone": mask_phone(follow_up.evaluation.phone),
        "cases": _cases_of(follow_up.evaluation),
        "error": error,
        "posted": request.POST,
    }
    return render(request, "hall/follow_up.html", context, status=error.status if error else 200)


@login_required
def statistics(request: HttpRequest, outlet_code: str) -> HttpResponse:
    outlet = selectors.outlet_by_code(outlet_code)
    require(request.user, "hall.statistics.view", outlet)
    return render(
        request,
        "hall/statistics.html",
        {"outlet": outlet, "outlets": [outlet], "stats": stats.hall_statistics([outlet])},
    )


@login_required
def statistics_all(request: HttpRequest) -> HttpResponse:
    """Every hall the manager oversees, side by side (satisfaction per outlet)."""
    outlets = _managed_outlets(request)
    return render(
        request,
        "hall/statistics.html",
        {"outlet": None, "outlets": outlets, "stats": stats.hall_statistics(outlets)},
    )


@login_required
def appointments(request: HttpRequest, outlet_code: str) -> HttpResponse:
    """The day's bookings at a hall, for its guides and tellers (who expects whom, and when)."""
    outlet = selectors.outlet_by_code(outlet_code)
    require(request.user, "hall.ticket.issue", outlet)
    day, error = timezone.localdate(), None
    if request.GET.get("day"):
        try:
            day = date.fromisoformat(request.GET["day"])
        except ValueError:
            error = _("Please give the day as YYYY-MM-DD, for example 2026-12-01.")
    context = {
        "outlet": outlet,
        "day": day,
        "days": [day + timedelta(days=n) for n in (-1, 1)],
        "slots": [] if error else selectors.appointments_on(outlet, day),
        "error": error,
    }
    return render(request, "hall/appointments.html", context, status=422 if error else 200)
