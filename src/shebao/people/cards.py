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
card(
    key="register-person",
    title=_("Register a person"),
    text=_("Someone the system does not know yet: their name, first identity document and mobile number."),
    link=_("Register a person"),
    url_name="people:register",
    action="people.person.register",
    order=12,
)
card(
    key="register-employer",
    title=_("Register an employer"),
    text=_("An employer taking part for the first time: its credit code, name and handling staff."),
    link=_("Register an employer"),
    url_name="people:employer_register",
    action="people.employer.register",
    order=13,
)
card(
    key="proxies",
    title=_("Proxies for relatives"),
    text=_(
        "A relative may act for a person who agrees here at your window. "
        "Find the person, then open “Who may act for this person”."
    ),
    link=_("Find the person"),
    url_name="people:search",
    action="people.proxy.record",
    order=14,
)
card(
    key="identity-overrides",
    title=_("Documents recorded by override"),
    text=_(
        "Documents the rules refuse but a teller has seen in the holder's hand, recorded with a reason: "
        "approve them as the second person."
    ),
    link=_("Review recorded documents"),
    url_name="people:overrides",
    action="people.document.override.review",
    order=16,
)
