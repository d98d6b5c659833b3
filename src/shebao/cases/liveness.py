"""Proof of life is the recipient's own (领取待遇资格认证): the recipient's face or fingerprint checked on a
device, or staff seeing the recipient in person. A relative may operate the phone or terminal (帮你认,
亲情代办), but a proxy at a window, with a letter or a binding, or an online form with uploaded papers
never certifies."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shebao.catalog.models import Category, ServiceItem
from shebao.core.errors import ValidationFailed

# Certification items that certify nothing themselves: asking for a home visit (the staff then see the
# recipient), looking up a result, binding a relative who will operate the device.
NOT_CERTIFYING = frozenset({"CER005", "CER007", "CER008"})

WAYS = _(
    "The recipient certifies in person: at a window, by face recognition in the app or at a terminal "
    "(a relative may operate it for them), or by asking for a home visit."
)


def certifies_life(item: ServiceItem) -> bool:
    return item.category == Category.CERTIFICATION and item.code not in NOT_CERTIFYING


def refuse_proxy(items: list[ServiceItem]) -> None:
    """At a window the staff must see the recipient: nobody certifies for them."""
    certifying = [i for i in items if certifies_life(i)]
    if certifying:
        raise ValidationFailed(
            _("“%(item)s” proves that the recipient is alive: a proxy cannot apply for it. %(ways)s")
            % {"item": certifying[0].name, "ways": WAYS},
            fields={"proxy": _("No proxy for a proof of life.")},
            code="proof_of_life_in_person",
        )


def refuse_online_form(item: ServiceItem) -> None:
    """Uploaded papers show nothing of the recipient being alive today."""
    if certifies_life(item):
        raise ValidationFailed(
            _("“%(item)s” cannot be certified with an online form and papers. %(ways)s")
            % {"item": item.name, "ways": WAYS},
            code="proof_of_life_not_online",
        )
