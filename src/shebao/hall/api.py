"""The hall API. Taking a ticket, booking, checking in, rating a service and asking for a home visit are
public (a kiosk, a citizen's phone); calling is for the window's staff. Errors keep the project's shape
{"error": {"code", "message", "fields"}}."""

from datetime import date, datetime
from typing import Annotated

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from shebao.core.apicsrf import session_user
from shebao.core.clientaddr import client_address
from shebao.core.errors import NotFound, ValidationFailed
from shebao.core.models import Agency, Outlet
from shebao.core.textlimits import column_limit
from shebao.hall import appointments, evaluations, home_visits, selectors, services, throttle
from shebao.hall.models import (
    Appointment,
    AppointmentSlot,
    Evaluation,
    HomeVisit,
    Reason,
    RequestChannel,
    ServiceCategory,
    Ticket,
)

router = Router(tags=["hall"])


OutletCode = Annotated[str, Field(max_length=column_limit(Outlet, "code"))]
Token = Annotated[str, Field(max_length=column_limit(Ticket, "token"))]
Phone = Annotated[str, Field(max_length=column_limit(HomeVisit, "phone"))]
DocType = Annotated[str, Field(max_length=column_limit(HomeVisit, "doc_type"))]
DocNumber = Annotated[str, Field(max_length=column_limit(HomeVisit, "doc_number"))]


def _limit(model, name: str) -> int:
    return column_limit(model, name)


class TicketIn(Schema):
    outlet: OutletCode  # outlet code, as on the QR code at the entrance
    category: str = Field(max_length=_limit(ServiceCategory, "code"))
    channel: str = Field("phone", max_length=_limit(Ticket, "channel"))
    doc_type: DocType = ""
    doc_number: DocNumber = ""  # read for the age only, never stored
    # disabled / pregnant / veteran: confirmed by a guide
    priority: str = Field("", max_length=_limit(Ticket, "priority"))
    triage_note: str = Field("", max_length=_limit(Ticket, "triage_note"))


class TicketOut(Schema):
    number: str
    category: str
    state: str
    priority: str
    token: str | None = None  # only to the one who took the ticket
    window: int | None = None
    ahead: int | None = None
    wait_minutes: int | None = None


def ticket_out(ticket: Ticket, *, with_token: bool = False) -> dict:
    status = selectors.ticket_status(ticket)
    return {
        "number": ticket.number,
        "category": ticket.category.code,
        "state": ticket.state,
        "priority": ticket.priority,
        "token": ticket.token if with_token else None,
        "window": ticket.window.number if ticket.window_id else None,
        "ahead": status.ahead,
        "wait_minutes": status.wait_minutes,
    }


@router.post("/tickets", response={201: TicketOut}, summary="Take a ticket (kiosk, phone or hall guide)")
def ticket_take(request, payload: TicketIn):
    outlet = selectors.outlet_by_code(payload.outlet)
    ticket = services.ticket_take(
        outlet=outlet,
        category_code=payload.category,
        channel=payload.channel,
        user=session_user(request),
        doc_type=payload.doc_type,
        doc_number=payload.doc_number,
        declared_priority=payload.priority,
        triage_note=payload.triage_note,
    )
    return Status(201, ticket_out(ticket, with_token=True))


class CallOut(Schema):
    ticket: TicketOut | None


@router.post(
    "/windows/{int:window_id}/call-next", response=CallOut, auth=django_auth, summary="Call the next ticket"
)
def call_next(request, window_id: int):
    window = services.window_for_user(user=request.user, window_id=window_id)
    ticket = services.call_next(user=request.user, window=window)
    return {"ticket": ticket_out(ticket) if ticket else None}


class CallingOut(Schema):
    number: str
    window: int


class WaitingOut(Schema):
    category: str
    name: str
    prefix: str
    count: int


class QueueOut(Schema):
    outlet: str
    calling: list[CallingOut]
    waiting: list[WaitingOut]


@router.get(
    "/outlets/{int:outlet_id}/queue", response=QueueOut, summary="The queue as the hall display shows it"
)
def queue(request, outlet_id: int):
    outlet = Outlet.objects.filter(pk=outlet_id).first()
    if outlet is None:
        raise NotFound()
    return selectors.queue_summary(outlet)


@router.get(
    "/tickets/{token}", response=TicketOut, summary="A ticket's state, place in line and estimated wait"
)
def ticket_get(request, token: str):
    return ticket_out(selectors.ticket_by_token(token))


class EvaluationIn(Schema):
    ticket: Token  # the ticket's token
    level: int
    # each one of the Reason codes, each at most once
    reasons: list[Annotated[str, Field(max_length=max(map(len, Reason.values)))]] = Field(
        [], max_length=len(Reason.values)
    )
    comment: str = Field("", max_length=_limit(Evaluation, "comment"))
    phone: Phone = ""  # bad ratings: the follow-up's outcome is sent there


class EvaluationOut(Schema):
    level: int
    reasons: list[str]
    follow_up_due: str | None


@router.post("/evaluations", response={201: EvaluationOut}, summary="Rate a finished service (1-5)")
def evaluation_submit(request, payload: EvaluationIn):
    evaluation = evaluations.evaluation_submit(
        token=payload.ticket,
        level=payload.level,
        reasons=payload.reasons,
        comment=payload.comment,
        phone=payload.phone,
    )
    follow_up = getattr(evaluation, "follow_up", None)
    body = {
        "level": evaluation.level,
        "reasons": evaluation.reasons,
        "follow_up_due": follow_up.due_on.isoformat() if follow_up else None,
    }
    return Status(201, body)


# --- Appointments ---------------------------------------------------------------------------------------


class SlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    remaining: int


def _outlet(outlet_id: int) -> Outlet:
    outlet = Outlet.objects.filter(pk=outlet_id).first()
    if outlet is None:
        raise NotFound()
    return outlet


@router.get(
    "/outlets/{int:outlet_id}/slots", response=list[SlotOut], summary="Free booking slots of a business"
)
def slots(request, outlet_id: int, category: str, day: date | None = None):
    outlet = _outlet(outlet_id)
    found = ServiceCategory.objects.filter(outlet=outlet, code=category, active=True, bookable=True).first()
    if found is None:
        raise ValidationFailed(fields={"category": _("This outlet takes no bookings for such a business.")})
    return [
        {
            "id": f.slot.pk,
            "starts_at": timezone.localtime(f.slot.starts_at),  # Shanghai time, with its offset
            "ends_at": timezone.localtime(f.slot.ends_at),
            "remaining": f.remaining,
        }
        for f in selectors.free_slots(found, day=day)
    ]


class AppointmentIn(Schema):
    slot: int
    phone: str = Field(max_length=_limit(Appointment, "phone"))


class AppointmentOut(Schema):
    code: str
    state: str
    outlet: str
    category: str
    starts_at: datetime
    ends_at: datetime
    ticket: TicketOut | None = None


def appointment_out(appointment: Appointment, *, with_token: bool = False) -> dict:
    slot = appointment.slot
    ticket = appointment.ticket
    return {
        "code": appointment.code,
        "state": appointment.state,
        "outlet": slot.outlet.code,
        "category": slot.category.code,
        "starts_at": timezone.localtime(slot.starts_at),
        "ends_at": timezone.localtime(slot.ends_at),
        "ticket": ticket_out(ticket, with_token=with_token) if ticket else None,
    }


@router.post(
    "/appointments", response={201: AppointmentOut}, summary="Book a slot (the code comes by text too)"
)
def appointment_book(request, payload: AppointmentIn):
    slot = AppointmentSlot.objects.select_related("outlet", "category").filter(pk=payload.slot).first()
    if slot is None:
        raise NotFound(fields={"slot": _("No such booking slot.")})
    appointment = appointments.appointment_book(
        slot=slot, phone=payload.phone, language=translation.get_language() or ""
    )
    return Status(201, appointment_out(appointment))


def _by_code(request, code: str) -> Appointment:
    throttle.refuse_if_guessing(request, "code")
    try:
        return selectors.appointment_by_code(code)
    except NotFound:
        throttle.count_miss(request, "code")
        raise


@router.get("/appointments/{code}", response=AppointmentOut, summary="A booking, by its code")
def appointment_get(request, code: str):
    return appointment_out(_by_code(request, code))


@router.post("/appointments/{code}/cancel", response=AppointmentOut, summary="Cancel a booking")
def appointment_cancel(request, code: str):
    return appointment_out(appointments.appointment_cancel(code=_by_code(request, code).code))


class CheckInIn(Schema):
    outlet: OutletCode = ""  # the hall whose kiosk is used, when checking in at a kiosk


@router.post(
    "/appointments/{code}/check-in",
    response={201: AppointmentOut},
    summary="Check in: a ticket, ahead of the queue when on time",
)
def appointment_check_in(request, code: str, payload: CheckInIn):
    outlet = selectors.outlet_by_code(payload.outlet) if payload.outlet else None
    appointment = appointments.appointment_check_in(code=_by_code(request, code).code, outlet=outlet)
    return Status(201, appointment_out(appointment, with_token=True))


# --- Home visits ----------------------------------------------------------------------------------------


class HomeVisitIn(Schema):
    person_name: str = Field(max_length=_limit(HomeVisit, "person_name"))
    doc_type: DocType = "resident_id"
    doc_number: DocNumber
    phone: Phone
    address: str = Field(max_length=_limit(HomeVisit, "address"))
    need: str = Field(max_length=_limit(HomeVisit, "need"))
    requester_relation: str = Field(max_length=_limit(HomeVisit, "requester_relation"))
    district: str = Field("", max_length=_limit(Agency, "code"))
    lat: float | None = None
    lng: float | None = None
    details: str = Field("", max_length=_limit(HomeVisit, "details"))
    requester_name: str = Field("", max_length=_limit(HomeVisit, "requester_name"))
    requester_phone: Phone = ""
    # staff: phone_call or window (signed in)
    channel: str = Field(RequestChannel.ONLINE, max_length=_limit(HomeVisit, "channel"))


class HomeVisitOut(Schema):
    reference: str
    token: str
    state: str
    outlet: str | None


@router.post("/home-visits", response={201: HomeVisitOut}, summary="Ask for a home visit (上门服务)")
def home_visit_request(request, payload: HomeVisitIn):
    if payload.channel == RequestChannel.ONLINE:
        home_visits.public_requests_refuse_if_over(client_address(request))
    visit = home_visits.home_visit_request(
        request=home_visits.VisitRequest(
            person_name=payload.person_name,
            doc_type=payload.doc_type,
            doc_number=payload.doc_number,
            phone=payload.phone,
            address=payload.address,
            need=payload.need,
            requester_relation=payload.requester_relation,
            district_code=payload.district,
            latitude=payload.lat,
            longitude=payload.lng,
            details=payload.details,
            requester_name=payload.requester_name,
            requester_phone=payload.requester_phone,
        ),
        channel=payload.channel,
        user=session_user(request),
    )
    body = {
        "reference": visit.reference,
        "token": visit.token,
        "state": visit.state,
        "outlet": visit.outlet.code if visit.outlet_id else None,
    }
    return Status(201, body)
