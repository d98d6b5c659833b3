"""Which case(s) a ticket led to, so that a rating of the service reaches the item handled.

The cases app knows nothing of tickets (it sits above the hall), so the link is made here: when a ticket
is finished, the cases its teller accepted at this outlet while serving it are linked by themselves; a
teller can also link a case by its number (a case accepted after the visitor left the window, or by a
colleague at the same window).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.cases.models import Case
from shebao.core.audit import log_action
from shebao.core.errors import Conflict, ValidationFailed
from shebao.core.permissions import require
from shebao.hall.models import Ticket, TicketCase
from shebao.hall.states import TicketState


def link_cases_found(ticket: Ticket, now: datetime) -> list[str]:
    """Called inside ticket_finish's transaction: link the cases accepted by the ticket's teller at its
    outlet between the call and now. Returns their numbers."""
    if ticket.served_by is None or ticket.called_at is None:
        return []
    cases = Case.objects.filter(
        outlet_id=ticket.outlet_id,
        accepted_by_id=ticket.served_by.user_id,
        accepted_at__gte=ticket.called_at,
        accepted_at__lte=now,
    ).values_list("pk", "number")
    numbers = []
    for pk, number in cases:
        _link, created = TicketCase.objects.get_or_create(
            ticket=ticket, case_id=pk, defaults={"found_automatically": True}
        )
        if created:
            numbers.append(number)
    return numbers


def ticket_case_link(*, user, ticket: Ticket, case_number: str) -> TicketCase:
    """The teller links a case accepted at this outlet on the ticket's day to the ticket."""
    number = (case_number or "").strip()
    if not number:
        raise ValidationFailed(fields={"case": _("Please enter the case number.")})
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("window", "outlet")
            .get(pk=ticket.pk)
        )
        if ticket.window is None:
            raise Conflict(_("This ticket is not at a window."), code="not_at_window")
        profile = require(user, "hall.window.operate", ticket.window)
        if ticket.state not in (TicketState.SERVING, TicketState.DONE):
            raise Conflict(
                _("Only a ticket being served or finished can be linked to a case."), code="not_served"
            )
        case = Case.objects.filter(number=number).first()
        if case is None or case.outlet_id != ticket.outlet_id:
            raise ValidationFailed(
                fields={"case": _("No case with this number was accepted at this outlet.")}
            )
        if timezone.localdate(case.accepted_at) != ticket.service_day:
            raise ValidationFailed(
                fields={"case": _("This case was accepted on another day than the ticket.")}
            )
        link, created = TicketCase.objects.get_or_create(
            ticket=ticket, case=case, defaults={"linked_by": profile}
        )
        if not created:
            raise Conflict(_("This case is already linked to the ticket."), code="already_linked")
        log_action("hall.ticket.case_linked", actor=user, obj=ticket, data={"case": case.number})
    return link
