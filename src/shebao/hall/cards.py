"""The hall's workbench cards (see core.workbench): the teller's window, the guide's tickets, home
visits for everyone at the front, and the manager's statistics and follow-ups."""

from django.utils.translation import gettext_lazy as _

from shebao.core.workbench import card

card(
    key="hall-window",
    title=_("My window"),
    text=_("Call the next ticket, serve the visitor, pass them to another window, and accept their case."),
    link=_("Open my window"),
    url_name="hall:my_window",
    action="hall.window.serve",
    order=4,
)
card(
    key="hall-tickets",
    title=_("Hall guide: tickets and priority"),
    text=_(
        "At the entrance: give a ticket, mark priority for the elderly and disabled, "
        "add a note for the window."
    ),
    link=_("Issue a ticket"),
    url_name="hall:my_tickets",
    action="hall.ticket.hand_out",
    order=15,
)
card(
    key="home-visits",
    title=_("Home visit"),
    text=_("Take a request by phone or from a relative, assign a colleague, record the visit."),
    link=_("Open home visits"),
    url_name="hall:home_visits",
    action="hall.home_visit.take",
    order=38,
)
card(
    key="hall-statistics",
    title=_("Hall statistics"),
    text=_("Waiting and service times, satisfaction, appointments and no-shows, home visits, per hall."),
    link=_("Open hall statistics"),
    url_name="hall:statistics_all",
    action="hall.hall.oversee",
    order=40,
)
card(
    key="follow-ups",
    title=_("Follow-ups of bad ratings"),
    text=_("Every low rating must be checked and closed within the time limit. Overdue ones are marked."),
    link=_("Open follow-ups"),
    url_name="hall:follow_ups",
    action="hall.hall.oversee",
    order=42,
)
