"""The queue pages: the citizen's phone or the kiosk (take a ticket, check in, follow it, rate), the rating
pad on the counter, the hall display, the teller's window. Every change goes through the services."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from shebao.core import qr
from shebao.core.errors import ApplicationError, Conflict, NotFound
from shebao.core.permissions import can
from shebao.hall import appointments, caselinks, conf, evaluations, opening, selectors, services, throttle
from shebao.hall.models import PRIORITY_CHOICES, Channel, ServiceCategory, Ticket, Window
from shebao.hall.services import STAFF_PRIORITIES
from shebao.hall.states import TicketState
from shebao.hall.views.ratings import rating_context, submit_rating

PAD_MINUTES = 15  # the pad offers the window's last service for this long after it finished


def _refused(exc: ApplicationError) -> bool:
    return exc.status == 403


def take(request: HttpRequest, outlet_code: str) -> HttpResponse:
    """The page behind the QR code at the entrance (also the kiosk with ?kiosk=1, and the guide's tablet)."""
    outlet = selectors.outlet_by_code(outlet_code)
    categories = ServiceCategory.objects.filter(outlet=outlet, active=True)
    as_guide = can(request.user, "hall.ticket.issue", outlet)
    kiosk = request.GET.get("kiosk") == "1" or request.POST.get("channel") == Channel.KIOSK
    error = None
    if request.method == "POST":
        try:
            ticket = services.ticket_take(
                outlet=outlet,
                category_code=request.POST.get("category", ""),
                channel=Channel.GUIDE if as_guide else (Channel.KIOSK if kiosk else Channel.PHONE),
                user=request.user,
                doc_type=request.POST.get("doc_type", "resident_id"),
                doc_number=request.POST.get("doc_number", ""),
                declared_priority=request.POST.get("priority", "") if as_guide else "",
                triage_note=request.POST.get("triage_note", "") if as_guide else "",
            )
        except ApplicationError as exc:
            if _refused(exc):
                raise
            error = exc
        else:
            return redirect("hall:ticket", token=ticket.token)
    priorities = [(v, label) for v, label in PRIORITY_CHOICES if v in STAFF_PRIORITIES]
    context = {
        "outlet": outlet,
        "categories": categories,
        "as_guide": as_guide,
        "kiosk": kiosk,
        "error": error,
        "priorities": priorities,
        "posted": request.POST,
        "elderly_age": conf.policy_config(outlet).elderly_age,
        "closed": opening.closed_notice(outlet),
    }
    return render(request, "hall/take.html", context, status=error.status if error else 200)


@require_POST
def check_in(request: HttpRequest, outlet_code: str) -> HttpResponse:
    """Check in for an appointment with its code, at the kiosk or on the phone after scanning the QR."""
    outlet = selectors.outlet_by_code(outlet_code)
    try:
        throttle.refuse_if_guessing(request, "code")
        try:
            appointment = appointments.appointment_check_in(code=request.POST.get("code", ""), outlet=outlet)
        except NotFound:
            throttle.count_miss(request, "code")
            raise
    except ApplicationError as exc:
        context = {
            "outlet": outlet,
            "categories": ServiceCategory.objects.filter(outlet=outlet, active=True),
            "check_in_error": exc,
            "code": request.POST.get("code", ""),
            "kiosk": request.POST.get("kiosk") == "1",
            "elderly_age": conf.policy_config(outlet).elderly_age,
        }
        return render(request, "hall/take.html", context, status=exc.status)
    return redirect("hall:ticket", token=appointment.ticket.token)


def ticket_page(request: HttpRequest, token: str) -> HttpResponse:
    status = selectors.ticket_status(selectors.ticket_by_token(token))
    may_issue = can(request.user, "hall.ticket.issue", status.ticket.outlet)  # the guide issues the next one
    return render(request, "hall/ticket.html", {"status": status, "token": token, "may_issue": may_issue})


def ticket_status(request: HttpRequest, token: str) -> HttpResponse:
    status = selectors.ticket_status(selectors.ticket_by_token(token))
    return render(request, "hall/_ticket_status.html", {"status": status, "token": token})


def _rating_context(ticket: Ticket, error=None, posted=None) -> dict:
    return rating_context(error, posted) | {
        "ticket": ticket,
        "reference": ticket.number,
        "outlet": ticket.outlet,
    }


def _submit_rating(request: HttpRequest, ticket: Ticket) -> ApplicationError | None:
    return submit_rating(request, evaluations.evaluation_submit, ticket.token)


def rate(request: HttpRequest, token: str) -> HttpResponse:
    ticket = selectors.ticket_by_token(token)
    error = None
    if request.method == "POST":
        error = _submit_rating(request, ticket)
        if error is None:
            return redirect("hall:ticket", token=token)
    context = _rating_context(ticket, error, request.POST)
    context["action"] = reverse("hall:rate", args=[token])
    return render(request, "hall/rate.html", context, status=error.status if error else 200)


def _pad_window(pad_token: str) -> Window:
    window = Window.objects.select_related("outlet").filter(pad_token=pad_token).first()
    if window is None:
        raise NotFound()
    return window


def _pad_ticket(window: Window) -> Ticket | None:
    """The window's last finished service, while it is recent and not yet rated."""
    since = timezone.now() - timedelta(minutes=PAD_MINUTES)
    last = (
        Ticket.objects.filter(window=window, state=TicketState.DONE, finished_at__gte=since)
        .select_related("outlet", "category")
        .order_by("-finished_at")
        .first()
    )
    return last if last is not None and not hasattr(last, "evaluation") else None


def pad(request: HttpRequest, pad_token: str) -> HttpResponse:
    """The rating pad on the counter (好差评评价器): it offers the service just finished at its window."""
    window = _pad_window(pad_token)
    ticket = _pad_ticket(window)
    error = None
    if request.method == "POST":
        if ticket is None or request.POST.get("ticket") != str(ticket.pk):
            error = Conflict(_("This service can no longer be rated here."), code="pad_expired")
        else:
            error = _submit_rating(request, ticket)
            if error is None:
                return redirect(reverse("hall:pad", args=[pad_token]) + "?thanks=1")
    context = _rating_context(ticket, error, request.POST) if ticket else {"error": error}
    context.update({"window": window, "pad_token": pad_token, "thanks": request.GET.get("thanks") == "1"})
    context["action"] = reverse("hall:pad", args=[pad_token])
    template = "hall/_pad_body.html" if request.htmx else "hall/pad.html"
    return render(request, template, context, status=error.status if error else 200)


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


def _current(window: Window) -> Ticket | None:
    return (
        Ticket.objects.filter(window=window, state__in=[TicketState.CALLED, TicketState.SERVING])
        .select_related("category")
        .first()
    )


def _window_context(request: HttpRequest, window: Window) -> dict:
    recent = list(
        Ticket.objects.filter(window=window, state=TicketState.DONE, service_day=timezone.localdate())
        .select_related("category")
        .prefetch_related("case_links__case")
        .order_by("-finished_at")[:5]
    )
    return {
        "window": window,
        "serves": window.categories.filter(active=True),
        "no_show_after": conf.no_show_after_calls(),
        "current": _current(window),
        "recent": recent,
        "others": Window.objects.filter(outlet=window.outlet).exclude(pk=window.pk),
        "categories": ServiceCategory.objects.filter(outlet=window.outlet, active=True),
        "board": selectors.display_board(window.outlet),
        "pad_url": request.build_absolute_uri(reverse("hall:pad", args=[window.pad_token])),
        "may_accept": can(request.user, "cases.case.accept"),
    }


@login_required
def window_page(request: HttpRequest, window_id: int) -> HttpResponse:
    window = services.window_for_user(user=request.user, window_id=window_id)
    return render(request, "hall/window.html", _window_context(request, window))


@login_required
def window_waiting(request: HttpRequest, window_id: int) -> HttpResponse:
    """The waiting counts on the window page, refreshed by HTMX."""
    window = services.window_for_user(user=request.user, window_id=window_id)
    board = selectors.display_board(window.outlet)
    return render(request, "hall/_window_waiting.html", {"window": window, "board": board})


def _ticket_at(window: Window) -> Ticket:
    ticket = _current(window)
    if ticket is None:
        raise NotFound()
    return ticket


@login_required
@require_POST
def window_action(request: HttpRequest, window_id: int, action: str) -> HttpResponse:
    """One button of the window page; a refusal is shown on the window page itself."""
    window = services.window_for_user(user=request.user, window_id=window_id)
    try:
        _window_step(request, window, action)
    except ApplicationError as exc:
        if _refused(exc) or isinstance(exc, NotFound):
            raise
        context = _window_context(request, window) | {"error": exc}
        return render(request, "hall/window.html", context, status=exc.status)
    return redirect("hall:window", window_id=window.pk)


def _window_step(request: HttpRequest, window: Window, action: str) -> None:
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
    elif action == "link-case":
        ticket = Ticket.objects.filter(pk=request.POST.get("ticket") or 0, window=window).first()
        if ticket is None:
            raise NotFound()
        caselinks.ticket_case_link(user=user, ticket=ticket, case_number=request.POST.get("case", ""))
    else:
        raise NotFound()
