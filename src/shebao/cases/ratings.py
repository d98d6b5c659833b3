"""好差评 covers every channel: a case accepted at a partner point, online or at a window without a
ticket is rated by a link on its receipt and in its decision text. The link carries the case number
signed with the site's key, so nobody rates a case they were not given; the rating itself is the hall's
(hall.evaluations), which sits above the cases app and finds the case by this token."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from shebao.core.errors import NotFound
from shebao.core.messaging import public_url

_SALT = "shebao.cases.rating"


def rating_token(case) -> str:
    return signing.Signer(salt=_SALT).sign(case.number)


def case_number_of(token: str) -> str:
    """The case number a rating token was made for; a forged or mangled token is not found."""
    try:
        return signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        raise NotFound() from None


def rating_link(case) -> str:
    """The address the citizen rates the case at, as their phone reaches it (receipt, texts)."""
    return public_url(reverse("hall:case_rate", args=[rating_token(case)]))
