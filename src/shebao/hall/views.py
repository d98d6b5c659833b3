"""Hall pages: the citizen's phone (take a ticket, follow it, rate), the hall display, the teller's
window, the manager's follow-ups and statistics. Every change goes through services/evaluations."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shebao.core import qr
from shebao.core.errors import ApplicationError, NotAllowed, NotFound
from shebao.core.models import Outlet
from shebao.core.permissions import can, require, staff_of
from shebao.hall import evaluations, selectors, services
from shebao.hall.models import PRIORITY_CHOICES, FollowUp, Level, Reason, ServiceCategory, Ticket, Window
from shebao.hall.services import STAFF_PRIORITIES
from shebao.hall.states import TicketState


def take(request: HttpRequest, outlet_code: str) -> HttpResponse:
    """The page behind the QR code at the entrance (also the kiosk, and the guide's tablet)."""
    outlet = selectors.outlet_by_code(outlet_code)
    categories = ServiceCategory.objects.filter(outlet=outlet, active=True)
    as_guide = can(request.user, "hall.ticket.issue", outlet)
    error = None
    if request.method == "POST":
        try:
            ticket = services.ticket_take(
                outlet=outlet,
                category_code=request.POST.get("category", ""),
                channel="guide" if as_guide else request.POST.get("channel", "phone"),
                user=request.user,
                doc_type=request.POST.get("doc_type", "resident_id"),
                doc_number=request.POST.get("doc_number", ""),
                declared_priority=request.POST.get("priority", "") if as_guide else "",
                triage_note=request.POST.get("triage_note", "") if as_guide else "",
            )
        except ApplicationError as exc:
            if exc.status == 403:
                raise
            error = exc
        else:
            return redirect("hall:ticket", token=ticket.token)
    priorities = [(v, label) for v, label in PRIORITY_CHOICES if v in STAFF_PRIORITIES]
    context = {
        "outlet": outlet,
        "categories": categories,
        "as_guide": as_guide,
        "error": error,
        "priorities": priorities,
        "posted": request.POST,
    }
    return render(request, "hall/take.html", context, status=422 if error else 200)


def ticket_page(request: HttpRequest, token: str) -> HttpResponse:
    status = selectors.ticket_status(selectors.ticket_by_token(token))
    return render(request, "hall/ticket.html", {"status": status, "token": token})


def ticket_status(request: HttpRequest, token: str) -> HttpResponse:
    status = selectors.ticket_status(selectors.ticket_by_token(token))
    return render(request, "hall/_ticket_status.html", {"status": status, "token": token})


def rate(request: HttpRequest, token: str) -> HttpResponse:
    ticket = selectors.ticket_by_token(token)
    error = None
    if request.method == "POST":
        try:
            level = int(request.POST.get("level", "0"))
        except ValueError:
            level = 0
        try:
            evaluations.evaluation_submit(
                token=ticket.token,
                level=level,
                reasons=request.POST.getlist("reasons"),
                comment=request.POST.get("comment", ""),
            )
        except ApplicationError as exc:
            error = exc
        else:
            return redirect("hall:ticket", token=token)
    context = {
        "ticket": ticket,
        "levels": Level.choices,
        "reasons": Reason.choices,
        "error": error,
        "bad_levels": [Level.DISSATISFIED, Level.VERY_DISSATISFIED],
    }
    return render(request, "hall/rate.html", context, status=422 if error else 200)


def display(request: HttpRequest, outlet_code: str) -> HttpResponse:
    board = selectors.display_board(selectors.outlet_by_code(outlet_code))
    return render(request, "hall/display.html", {"board": board})


def display_board(request: HttpRequest, outlet_code: str) -> HttpResponse:
    board = selectors.display_board(selectors.outlet_by_code(outlet_code))
    return render(request, "hall/_board.html", {"board": board})


def poster(request: HttpRequest, outlet_code: str) -> HttpResponse:
    """A printable poster for the entrance: the QR code leads to the phone page for taking a ticket."""
    outlet = selectors.outlet_by_code(outlet_code)
    url = request.build_absolute_uri(reverse("hall:take", args=[outlet.code]))
    return render(request, "hall/poster.html", {"outlet": outlet, "url": url, "qr": qr.svg(url, scale=8)})


@login_required
def window_page(request: HttpRequest, window_id: int) -> HttpResponse:
    window = services.window_for_user(user=request.user, window_id=window_id)
    current = (
        Ticket.objects.filter(window=window, state__in=[TicketState.CALLED, TicketState.SERVING])
        .select_related("category")
        .first()
    )
    context = {
        "window": window,
        "current": current,
        "others": Window.objects.filter(outlet=window.outlet).exclude(pk=window.pk),
        "categories": ServiceCategory.objects.filter(outlet=window.outlet, active=True),
        "board": selectors.display_board(window.outlet),
    }
    return render(request, "hall/window.html", context)


def _ticket_at(window: Window) -> Ticket:
    ticket = Ticket.objects.filter(window=window, state__in=[TicketState.CALLED, TicketState.SERVING]).first()
    if ticket is None:
        raise NotFound()
    return ticket


@login_required
@require_POST
def window_action(request: HttpRequest, window_id: int, action: str) -> HttpResponse:
    window = services.window_for_user(user=request.user, window_id=window_id)
    user = request.user
    if action == "call":
        services.call_next(user=user, window=window)
    elif action == "recall":
        services.ticket_recall(user=user, ticket=_ticket_at(window))
    elif action == "start":
        services.ticket_start(user=user, ticket=_ticket_at(window))
    elif action == "no-show":
        services.ticket_no_show(user=user, ticket=_ticket_at(window))
    elif action == "finish":
        services.ticket_finish(user=user, ticket=_ticket_at(window))
    elif action == "transfer":
        to_window = Window.objects.filter(pk=request.POST.get("window") or 0, outlet=window.outlet).first()
        to_category = ServiceCategory.objects.filter(
            pk=request.POST.get("category") or 0, outlet=window.outlet
        ).first()
        services.ticket_transfer(
            user=user, ticket=_ticket_at(window), to_window=to_window, to_category=to_category
        )
    else:
        raise NotFound()
    return redirect("hall:window", window_id=window.pk)


def _managed_outlets(request) -> list[Outlet]:
    profile = staff_of(request.user)
    if profile is None:
        raise NotAllowed()
    outlets = [
        o
        for o in Outlet.objects.filter(agency__path__startswith=profile.agency.path)
        if can(request.user, "hall.follow_up.handle", o)
    ]
    if not outlets:
        raise NotAllowed()
    return outlets


@login_required
def follow_ups(request: HttpRequest) -> HttpResponse:
    items = selectors.open_follow_ups(outlets=_managed_outlets(request))
    return render(request, "hall/follow_ups.html", {"follow_ups": items})


@login_required
def follow_up_page(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = (
        FollowUp.objects.select_related("evaluation__ticket", "outlet").filter(pk=follow_up_id).first()
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
    return render(
        request, "hall/follow_up.html", {"follow_up": follow_up, "error": error}, status=422 if error else 200
    )


@login_required
def statistics(request: HttpRequest, outlet_code: str) -> HttpResponse:
    outlet = selectors.outlet_by_code(outlet_code)
    require(request.user, "hall.statistics.view", outlet)
    return render(request, "hall/statistics.html", {"outlet": outlet, "stats": selectors.statistics(outlet)})
