"""The state machines of the hall, declared in one place. An illegal step raises InvalidTransition."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shebao.core.errors import InvalidTransition


class TicketState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    SERVING = "serving", _("Being served")
    DONE = "done", _("Done")
    NO_SHOW = "no_show", _("Did not come")
    TRANSFERRED = "transferred", _("Transferred")


class FollowUpState(models.TextChoices):
    # "Open" alone is translated as an outlet's "open for business"; a follow-up needs its own words.
    OPEN = "open", pgettext_lazy("follow-up state", "Open")
    VERIFIED = "verified", pgettext_lazy("follow-up state", "Verified")
    CLOSED = "closed", pgettext_lazy("follow-up state", "Closed")


TICKET_STEPS: dict[str, frozenset[str]] = {
    TicketState.WAITING: frozenset({TicketState.CALLED}),
    # A recall keeps a ticket CALLED; after enough calls the teller may mark it a no-show.
    TicketState.CALLED: frozenset({TicketState.CALLED, TicketState.SERVING, TicketState.NO_SHOW}),
    # A transfer ends this ticket and opens a successor with the same number in the other queue.
    TicketState.SERVING: frozenset({TicketState.DONE, TicketState.TRANSFERRED}),
    TicketState.DONE: frozenset(),
    TicketState.NO_SHOW: frozenset(),
    TicketState.TRANSFERRED: frozenset(),
}

FOLLOW_UP_STEPS: dict[str, frozenset[str]] = {
    FollowUpState.OPEN: frozenset({FollowUpState.VERIFIED}),
    FollowUpState.VERIFIED: frozenset({FollowUpState.CLOSED}),
    FollowUpState.CLOSED: frozenset(),
}


def check_step(steps: dict[str, frozenset[str]], current: str, target: str) -> None:
    if target not in steps.get(current, frozenset()):
        raise InvalidTransition(fields={"state": _("This step is not possible in the current state.")})


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("Did not come")


APPOINTMENT_STEPS: dict[str, frozenset[str]] = {
    AppointmentState.BOOKED: frozenset(
        {AppointmentState.CHECKED_IN, AppointmentState.CANCELLED, AppointmentState.NO_SHOW}
    ),
    AppointmentState.CHECKED_IN: frozenset(),
    AppointmentState.CANCELLED: frozenset(),
    AppointmentState.NO_SHOW: frozenset(),
}


class HomeVisitState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ASSIGNED = "assigned", _("Assigned")
    VISITED = "visited", _("Visited")
    CLOSED = "closed", pgettext_lazy("home visit state", "Closed")
    CANCELLED = "cancelled", _("Cancelled")


HOME_VISIT_STEPS: dict[str, frozenset[str]] = {
    # A request nobody could be found for waits as REQUESTED until a manager assigns it.
    HomeVisitState.REQUESTED: frozenset({HomeVisitState.ASSIGNED, HomeVisitState.CANCELLED}),
    # Re-assigning (another colleague, another outlet) keeps it ASSIGNED.
    HomeVisitState.ASSIGNED: frozenset(
        {HomeVisitState.ASSIGNED, HomeVisitState.VISITED, HomeVisitState.CANCELLED}
    ),
    HomeVisitState.VISITED: frozenset({HomeVisitState.CLOSED}),
    HomeVisitState.CLOSED: frozenset(),
    HomeVisitState.CANCELLED: frozenset(),
}
