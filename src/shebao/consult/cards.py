"""The consult app's workbench cards (core.workbench): questions waiting for a person, and the questions
the knowledge base could not answer."""

from django.utils.translation import gettext_lazy as _

from shebao.consult import rules  # noqa: F401  (the actions the cards ask)
from shebao.core.workbench import card

card(
    key="consult_tickets",
    title=_("Consultations to answer"),
    text=_("Questions citizens handed to a person, the earliest due first."),
    link=_("Answer consultations"),
    url_name="consult:staff_tickets",
    action="consult.ticket.list",
    order=45,
)
card(
    key="consult_unanswered",
    title=_("Questions the knowledge base missed"),
    text=_("What people asked that no answer matched surely, the most asked first."),
    link=_("Improve the knowledge base"),
    url_name="consult:unanswered",
    action="consult.unanswered.view",
    order=46,
)
