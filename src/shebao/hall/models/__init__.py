"""The hall's tables, by concern: the queue, ratings, appointments, home visits."""

from shebao.hall.models.appointments import Appointment, AppointmentSlot, new_booking_code
from shebao.hall.models.queue import (
    PRIORITY_CHOICES,
    Channel,
    DailyCounter,
    ServiceCategory,
    Ticket,
    TicketCase,
    Window,
    new_token,
)
from shebao.hall.models.ratings import BAD_LEVELS, Evaluation, FollowUp, Level, RatedChannel, Reason
from shebao.hall.models.visits import HomeVisit, Need, Outcome, Relation, RequestChannel

__all__ = [
    "BAD_LEVELS",
    "PRIORITY_CHOICES",
    "Appointment",
    "AppointmentSlot",
    "Channel",
    "DailyCounter",
    "Evaluation",
    "FollowUp",
    "HomeVisit",
    "Level",
    "Need",
    "Outcome",
    "RatedChannel",
    "Reason",
    "Relation",
    "RequestChannel",
    "ServiceCategory",
    "Ticket",
    "TicketCase",
    "Window",
    "new_booking_code",
    "new_token",
]
