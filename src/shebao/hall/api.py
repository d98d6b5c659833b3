"""The hall API. Taking a ticket and rating a service are public (a kiosk, a citizen's phone); calling
is for the window's staff. Errors keep the project's shape {"error": {"code", "message", "fields"}}."""

from ninja import Router, Schema, Status
from ninja.security import django_auth

from shebao.core.errors import NotFound
from shebao.core.models import Outlet
from shebao.hall import evaluations, selectors, services
from shebao.hall.models import Ticket

router = Router(tags=["hall"])


class TicketIn(Schema):
    outlet: str  # outlet code, as on the QR code at the entrance
    category: str
    channel: str = "phone"
    doc_type: str = ""
    doc_number: str = ""  # read for the age only, never stored
    priority: str = ""  # disabled / pregnant / veteran: confirmed by a guide
    triage_note: str = ""


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
        user=request.user,
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


class EvaluationIn(Schema):
    ticket: str  # the ticket's token
    level: int
    reasons: list[str] = []
    comment: str = ""


class EvaluationOut(Schema):
    level: int
    reasons: list[str]
    follow_up_due: str | None


@router.post("/evaluations", response={201: EvaluationOut}, summary="Rate a finished service (1-5)")
def evaluation_submit(request, payload: EvaluationIn):
    evaluation = evaluations.evaluation_submit(
        token=payload.ticket, level=payload.level, reasons=payload.reasons, comment=payload.comment
    )
    follow_up = getattr(evaluation, "follow_up", None)
    body = {
        "level": evaluation.level,
        "reasons": evaluation.reasons,
        "follow_up_due": follow_up.due_on.isoformat() if follow_up else None,
    }
    return Status(201, body)
