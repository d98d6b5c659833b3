"""Certification's workbench card (core.workbench): the desk of what needs doing."""

from django.utils.translation import gettext_lazy as _

from shebao.core.workbench import card

card(
    key="certification",
    title=_("Eligibility certification"),
    text=_(
        "Overdue recipients of your area nearest first, home visits to certify them, spot checks, deaths "
        "and recoveries."
    ),
    link=_("Open the certification desk"),
    url_name="certification:desk",
    action="certification.recipient.view",
    order=34,
)
