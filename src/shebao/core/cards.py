"""The core app's workbench cards (see core.workbench)."""

from django.utils.translation import gettext_lazy as _

from shebao.core.workbench import card

card(
    key="audit",
    title=_("Audit log"),
    text=_("Every change and every read of a person's record, in a tamper-evident chain."),
    link=_("Open the audit log"),
    url_name="core:audit_log",
    action="core.audit.view",
    order=60,
)
card(
    key="admin",
    title=_("Reference data"),
    text=_("Agencies, outlets, staff and their roles."),
    link=_("Open administration"),
    url_name="admin:index",
    action="core.admin.use",
    order=70,
)
card(
    key="guide",
    title=_("Check a document number"),
    text=_("Help visitors check their documents before they queue."),
    link=_("Check a document number"),
    url_name="core:id_check",
    action="core.guide_desk.use",
    order=20,
)
card(
    key="second-factor",
    title=_("Two-step sign-in"),
    text=_("Protect your account with an authenticator app."),
    link=_("Set up"),
    url_name="core:otp_setup",
    action="core.own_account.manage",
    order=90,
)
card(
    key="password",
    title=_("Change your password"),
    text=_("At least 10 characters, mixing three of: capital letters, small letters, digits, symbols."),
    link=_("Change password"),
    url_name="core:password_change",
    action="core.own_account.manage",
    order=91,
)
card(
    key="stand-ins",
    title=_("Stand-ins (A and B posts)"),
    text=_("Name who stands in for each post, and mark a holder away so the stand-in takes over the queue."),
    link=_("Arrange stand-ins"),
    url_name="core:stand_ins",
    action="core.stand_in.arrange",
    order=58,
)
