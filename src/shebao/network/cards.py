"""The outlet network's workbench cards (see core.workbench). The finder is public: every member of
staff sees that card (core.staff_home.view); the rest is for managers and administrators."""

from django.utils.translation import gettext_lazy as _

from shebao.core.workbench import card

card(
    key="outlet-finder",
    title=_("Find a service point"),
    text=_(
        "The nearest points that handle an item, open now, with directions. "
        "Send a visitor to the right place."
    ),
    link=_("Find the nearest point"),
    url_name="network:map",
    action="core.staff_home.view",
    order=82,
)
card(
    key="coverage",
    title=_("Coverage and new points"),
    text=_("Who lives outside the service circle, and where new points would reach the most people."),
    link=_("Open coverage"),
    url_name="network:coverage",
    action="network.coverage.view",
    order=45,
)
card(
    key="outlets",
    title=_("Service points I look after"),
    text=_("Every point of your area: open, suspend or close it; suspend or end a cooperation agreement."),
    link=_("Open the list of points"),
    url_name="network:overseen",
    action="network.outlet.oversee",
    order=47,
)
