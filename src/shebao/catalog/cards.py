"""The catalogue's workbench cards (see core.workbench). The guides are public: every member of staff
sees that card (core.staff_home.view); loading an agency's own list is for administrators."""

from django.utils.translation import gettext_lazy as _

from shebao.core.workbench import card

card(
    key="guides",
    title=_("Service guides"),
    text=_("Every item: who may apply, what to bring, time limit. Print the guide or the one-time notice."),
    link=_("Open the service guides"),
    url_name="catalog:index",
    action="core.staff_home.view",
    order=80,
)
card(
    key="catalogue",
    title=_("Service catalogue"),
    text=_("Load the agency's own list of items, materials and bundles from CSV or XLSX, or export it."),
    link=_("Open the catalogue"),
    url_name="admin:catalog_serviceitem_changelist",
    action="catalog.catalogue.import",
    order=72,
)
