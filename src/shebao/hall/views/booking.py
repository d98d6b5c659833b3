"""Booking an appointment on a phone: choose the outlet, the business, the day and the time, give a
mobile number, get a code. The appointment page (by code) cancels and checks in."""

from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from shebao.core.errors import ApplicationError, NotFound, ValidationFailed
from shebao.core.masking import mask_phone
from shebao.core.models import Agency, AgencyLevel
from shebao.core.workdays import is_announced
from shebao.hall import appointments, conf, selectors, throttle
from shebao.hall.models import AppointmentSlot, ServiceCategory


def choose_outlet(request: HttpRequest) -> HttpResponse:
    """Step 1: the outlets that take bookings, by district."""
    district = request.GET.get("district", "")
    error = None
    try:
        outlets = selectors.bookable_outlets(district)
    except ApplicationError as exc:
        outlets, error = selectors.bookable_outlets(), exc
    districts = Agency.objects.filter(level=AgencyLevel.DISTRICT).order_by("code")
    context = {"outlets": outlets, "districts": districts, "district": district, "error": error}
    return render(request, "hall/book_outlet.html", context, status=error.status if error else 200)


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _slot_on_the_day(outlet, slot_pk: str | None, day: date | None) -> AppointmentSlot:
    """The slot chosen, refused unless it is on the day the person picked: a time still listed for the
    day shown before must not book another day than the one chosen."""
    slot = AppointmentSlot.objects.filter(pk=slot_pk or 0, outlet=outlet).first()
    if slot is None:
        raise NotFound(_("Please choose a time."), fields={"slot": _("Please choose a time.")})
    slot_day = timezone.localdate(slot.starts_at)
    if day is not None and slot_day != day:
        message = _(
            "The time you chose is on %(slot_day)s, not on the day you picked (%(day)s). "
            "Nothing was booked: please choose a time on %(day)s below."
        ) % {"slot_day": slot_day.strftime("%m-%d"), "day": day.strftime("%m-%d")}
        raise ValidationFailed(message, fields={"slot": message})
    return slot


def _first_unannounced_day() -> date | None:
    """The first day within the booking horizon whose year's public holidays are not announced yet: no
    times are offered from it (hall.slots), and the page says why instead of leaving them out silently."""
    today = timezone.localdate()
    for offset in range(1, conf.booking_days_ahead() + 1):
        day = today + timedelta(days=offset)
        if not is_announced(day):
            return day
    return None


def book(request: HttpRequest, outlet_code: str) -> HttpResponse:
    """Steps 2-4 on one page: business, then day, then time and phone number (each choice a plain GET,
    so the page works without JavaScript and the back button does what people expect)."""
    outlet = selectors.outlet_by_code(outlet_code)
    categories = selectors.bookable_categories(outlet)
    source = request.POST if request.method == "POST" else request.GET
    category = next((c for c in categories if c.code == source.get("category")), None)
    day = _day(source.get("day", ""))
    error = None
    if request.method == "POST" and not request.POST.get("show"):
        try:
            appointment = appointments.appointment_book(
                slot=_slot_on_the_day(outlet, request.POST.get("slot"), day),
                phone=request.POST.get("phone", ""),
                language=translation.get_language() or "",
            )
        except ApplicationError as exc:
            error = exc
        else:
            return redirect("hall:appointment", code=appointment.code)
    days = selectors.days_with_free_slots(category) if category else []
    if category and day is None and days:
        day = days[0][0]
    slots = selectors.free_slots(category, day=day) if category and day else []
    context = {
        "outlet": outlet,
        "categories": categories,
        "category": category,
        "days": days,
        "day": day,
        "slots": slots,
        "error": error,
        "posted": request.POST,
        "unannounced_from": _first_unannounced_day(),
    }
    return render(request, "hall/book.html", context, status=error.status if error else 200)


def find_appointment(request: HttpRequest) -> HttpResponse:
    """Open a booking by its code (from the text message)."""
    error = None
    code = request.POST.get("code", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            appointment = _by_code(request, code)
        except ApplicationError as exc:
            error = exc
        else:
            return redirect("hall:appointment", code=appointment.code)
    return render(
        request,
        "hall/find_appointment.html",
        {"error": error, "code": code},
        status=error.status if error else 200,
    )


def _by_code(request: HttpRequest, code: str):
    """A booking by its code, refusing a client that has guessed wrong too often."""
    throttle.refuse_if_guessing(request, "code")
    try:
        return selectors.appointment_by_code(code)
    except NotFound:
        throttle.count_miss(request, "code")
        raise


def appointment_page(request: HttpRequest, code: str) -> HttpResponse:
    return _appointment_page(request, _by_code(request, code))


def _appointment_page(request, appointment, error=None) -> HttpResponse:
    slot = appointment.slot
    now = timezone.now()
    context = {
        "appointment": appointment,
        "slot": slot,
        "phone": mask_phone(appointment.phone),
        "error": error,
        "may_cancel": appointment.state == "booked" and slot.starts_at > now,
        "may_check_in": appointment.state == "booked"
        and timezone.localdate(now) == timezone.localdate(slot.starts_at)
        and now <= slot.ends_at,
        "check_in_opens": appointments.check_in_opens(slot),
        "category": ServiceCategory.objects.get(pk=slot.category_id),
    }
    return render(request, "hall/appointment.html", context, status=error.status if error else 200)


@require_POST
def appointment_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    appointment = _by_code(request, code)
    try:
        if action == "cancel":
            appointments.appointment_cancel(code=appointment.code)
        elif action == "check-in":
            appointment = appointments.appointment_check_in(code=appointment.code)
            return redirect("hall:ticket", token=appointment.ticket.token)
        else:
            raise NotFound()
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise
        return _appointment_page(request, selectors.appointment_by_code(code), exc)
    return redirect(reverse("hall:appointment", args=[appointment.code]))
