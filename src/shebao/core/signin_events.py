"""Sign-in events in the audit log (the level-3 baseline audits security events, not only data changes):
signed in, signed out, a failed attempt, a lock-out. Connected in CoreConfig.ready()."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from shebao.core import signin_guard
from shebao.core.audit import log_action
from shebao.core.clientaddr import client_address


def _address(request) -> str:
    return client_address(request)


def on_signed_in(sender, request, user, **kwargs) -> None:
    log_action("core.staff.signed_in", actor=user, obj=user, data={"address": _address(request)})


def on_signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        log_action("core.staff.signed_out", actor=user, obj=user)


def on_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already replaced the password in `credentials`; the user name is masked like any text.
    data = {"username": str(credentials.get("username", ""))[:150], "address": _address(request)}
    log_action("core.staff.sign_in_failed", data=data)
    signin_guard.count_failure(data["username"], data["address"])


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    log_action("core.staff.locked_out", data={"username": str(username or "")[:150], "address": ip_address})


def connect() -> None:
    user_logged_in.connect(on_signed_in, dispatch_uid="shebao.audit.signed_in")
    user_logged_out.connect(on_signed_out, dispatch_uid="shebao.audit.signed_out")
    user_login_failed.connect(on_sign_in_failed, dispatch_uid="shebao.audit.sign_in_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="shebao.audit.locked_out")
