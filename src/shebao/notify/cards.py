"""The notify app's workbench cards (core.workbench): the agency's notices and the managers' figures."""

from django.utils.translation import gettext_lazy as _

from shebao.core.workbench import card
from shebao.notify import rules  # noqa: F401  (the actions the cards ask)

card(
    key="notify_agency",
    title=_("Notices for my agency"),
    text=_("Persons of your agency the system told of something that needs you: retirement due, and more."),
    link=_("Open the agency's notices"),
    url_name="notify:agency_inbox",
    action="notify.agency_inbox.view",
    order=40,
)
card(
    key="notify_stats",
    title=_("Proactive notices"),
    text=_("Per scenario: notices sent, delivered, failed and opted out."),
    link=_("See the notice figures"),
    url_name="notify:stats",
    action="notify.stats.view",
    order=41,
)
