"""Staff sign-in limits that nobody else can turn against a member of staff (issue 12).

django-axes locks an account *at one client address* (AXES_LOCKOUT_PARAMETERS: username and address
together) after AXES_FAILURE_LIMIT failures: wrong passwords sent from elsewhere no longer lock the person
out at their own desk. Two wider counters (core.limits, atomic in the database) cover what that leaves:

- per address, across user names (password spraying): past ADDRESS_LIMIT failures in WINDOW the address
  may not try any account until the window ends; when one address has tried ACCOUNTS_ALERT accounts,
  administrators are alerted (an audit entry and a mail to settings.ADMINS);
- per account, across addresses (a guessing botnet): past ACCOUNT_LIMIT failures in WINDOW a password
  alone no longer signs in; the right person still can, with the code of their second factor.
"""

from __future__ import annotations

import logging
import math
from datetime import timedelta

from django.core.mail import mail_admins
from django.utils import timezone

from shebao.core import limits
from shebao.core.audit import log_action
from shebao.core.clientaddr import client_address
from shebao.core.models import RateCounter

logger = logging.getLogger(__name__)

WINDOW = timedelta(minutes=15)
ADDRESS_LIMIT = 30  # failures from one address: a bank hall's tellers share one, so well above 5
ACCOUNTS_ALERT = 5  # different accounts tried from one address: someone is spraying
ACCOUNT_LIMIT = 20  # failures on one account from all addresses together


def _address_key(address: str) -> str:
    return f"signin:address:{address}"


def _account_key(username: str) -> str:
    return f"signin:account:{username.lower()}"


def minutes_left(key: str) -> int:
    """Whole minutes until `key`'s window ends (at least 1): what a refusal tells the person."""
    ends = RateCounter.objects.filter(key=key[:200]).values_list("window_ends_at", flat=True).first()
    seconds = (ends - timezone.now()).total_seconds() if ends else 60
    return max(1, math.ceil(seconds / 60))


def address_blocked(request) -> int:
    """Minutes this client must wait before trying any account, or 0."""
    key = _address_key(client_address(request))
    return minutes_left(key) if limits.hits(key) >= ADDRESS_LIMIT else 0


def account_needs_second_factor(username: str) -> int:
    """Minutes until a password alone may sign `username` in again, or 0."""
    key = _account_key(username)
    return minutes_left(key) if limits.hits(key) >= ACCOUNT_LIMIT else 0


def count_failure(request, username: str) -> None:
    address = client_address(request)
    limits.hit(_account_key(username), WINDOW)
    limits.hit(_address_key(address), WINDOW)
    # A first failure on this account from this address adds one to the address's count of accounts.
    first_on_account = limits.hit(f"signin:pair:{address}:{username.lower()}", WINDOW) == 1
    if first_on_account and limits.hit(f"signin:accounts:{address}", WINDOW) == ACCOUNTS_ALERT:
        _alert_spraying(address)


def _alert_spraying(address: str) -> None:
    log_action("core.staff.sign_in_spraying", data={"address": address, "accounts": ACCOUNTS_ALERT})
    message = f"{ACCOUNTS_ALERT} staff accounts tried with wrong passwords from {address} within {WINDOW}."
    logger.warning("sign-in spraying: %s", message)
    mail_admins("Sign-in attempts across staff accounts", message, fail_silently=True)
