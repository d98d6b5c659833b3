"""Guards on staff sign-in that nobody can turn against the right person (issue: lock-outs anyone could
trigger by typing five wrong passwords for someone else's user name).

- The lock-out (django-axes) is per account *and* address: wrong passwords from one place lock that place
  out of that account, not the member of staff at their own desk; and a member of staff whose account is
  locked at their own desk still gets in with their authenticator code (`passes_with_second_factor`).
- Progressive delays per account and address: after the third wrong password a wait, longer each time.
- Password spraying (many wrong passwords from one address, across user names): that address may not
  try again until the window ends, and administrators are alerted once (audit, log, e-mail).
- An account attacked from many addresses needs the second factor to sign in until the window ends.
- The page never says that a password was right before the second factor is: one message for both.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import mail_admins
from django.utils import timezone
from django_otp.oath import totp

from shebao.core import limits
from shebao.core.audit import log_action

logger = logging.getLogger(__name__)

WINDOW = timedelta(minutes=30)
SPRAYING_FAILURES = 20  # wrong passwords from one address, whatever the user names, in WINDOW
ATTACKED_ACCOUNT_FAILURES = 20  # wrong passwords for one account, from any addresses, in WINDOW
DELAYS = {3: timedelta(seconds=15), 4: timedelta(seconds=60)}  # after the n-th failure (then axes locks)


def _account(username: str) -> str:
    return (username or "").strip().lower()[:150]


def wait_left(username: str, address: str) -> timedelta | None:
    """How long this account must wait before another try from this address (None: no wait)."""
    return limits.left(f"signin:delay:{_account(username)}:{address}")


def address_blocked(address: str) -> timedelta | None:
    """How long this address may not sign in at all, after spraying (None: it may)."""
    if limits.hits(f"signin:address:{address}") < SPRAYING_FAILURES:
        return None
    return limits.left(f"signin:address:{address}")


def account_needs_second_factor(username: str) -> bool:
    return limits.hits(f"signin:account:{_account(username)}") >= ATTACKED_ACCOUNT_FAILURES


def count_failure(username: str, address: str) -> None:
    """A wrong password (or code): counted per account and address, per address, per account."""
    account = _account(username)
    pair = limits.hit(f"signin:pair:{account}:{address}", WINDOW)
    if pair in DELAYS:
        limits.hold(f"signin:delay:{account}:{address}", DELAYS[pair])
    limits.hit(f"signin:account:{account}", WINDOW)
    if limits.hit(f"signin:address:{address}", WINDOW) == SPRAYING_FAILURES:
        _alert_spraying(address)


def _alert_spraying(address: str) -> None:
    log_action("core.staff.sign_in_spraying", data={"address": address, "failures": SPRAYING_FAILURES})
    logger.error("password spraying from %s: sign-in refused from it for %s", address, WINDOW)
    mail_admins(
        "Shebao: password spraying",
        f"{SPRAYING_FAILURES} wrong sign-ins from {address} within {WINDOW}; that address is refused until "
        "the window ends. See the audit log (core.staff.sign_in_spraying).",
        fail_silently=True,
    )


def _code_is_current(device, token: str) -> bool:
    """The authenticator code is right now (as django-otp checks it, one step of drift either way),
    without using it up: the sign-in form then checks it once more, and that check consumes it."""
    if not token.isdigit():
        return False
    now = int(timezone.now().timestamp())
    for drift in (-1, 0, 1):
        t = (now - device.t0) // device.step + drift
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
        if f"{code:0{device.digits}d}" == token and t > device.last_t:
            return True
    return False


def passes_with_second_factor(request, credentials) -> bool:
    """AXES_WHITELIST_CALLABLE: a locked account is passed by its holder's current authenticator code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    token = (request.POST.get("otp_token") or "").strip() if request is not None else ""
    username = (credentials or {}).get("username") or (request.POST.get("username") if request else "")
    if not token or not username:
        return False
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return False
    return any(_code_is_current(d, token) for d in TOTPDevice.objects.filter(user=user, confirmed=True))
