"""The records' workbench card (core.workbench): printing a statement or proof at the window."""

from django.utils.translation import gettext_lazy as _

from shebao.core.workbench import card

card(
    key="records-print",
    title=_("Statements and proofs"),
    text=_(
        "Print a signed statement of rights, proof of insurance or pension certificate "
        "for the person at the window."
    ),
    link=_("Print a document"),
    url_name="records:window",
    action="records.document.print",
    order=32,
)
