"""The people app's workbench cards (see core.workbench)."""

from django.utils.translation import gettext_lazy as _

from shebao.core.workbench import card

card(
    key="persons",
    title=_("Find a person"),
    text=_("By any identity document number or by full name. Every look-up is recorded."),
    link=_("Find a person"),
    url_name="people:search",
    action="people.person.search",
    order=10,
)
