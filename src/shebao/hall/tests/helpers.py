"""Small steps the hall's tests share."""

from datetime import timedelta

from shebao.hall.models import AppointmentSlot
from shebao.hall.services import call_next, ticket_finish, ticket_start, ticket_take


def served(hall, *, category="pension", window=None, **take):
    """A ticket taken, called, served and finished at a window of the hall."""
    ticket_take(outlet=hall.outlet, category_code=category, **take)
    ticket = call_next(user=hall.teller, window=window or hall.window1)
    ticket_start(user=hall.teller, ticket=ticket)
    return ticket_finish(user=hall.teller, ticket=ticket)


def make_slot(hall, starts, *, capacity=2, minutes=30, category=None):
    return AppointmentSlot.objects.create(
        outlet=hall.outlet,
        category=category or hall.pension,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
        capacity=capacity,
    )
