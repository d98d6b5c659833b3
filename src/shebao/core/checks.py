"""Start-up checks: what a deployment lacks (`manage.py check --deploy`), and what no process may run
without (every command checks it)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def sms_gateway_configured(app_configs, **kwargs):
    if settings.SHEBAO["SMS_GATEWAY_URL"]:
        return []
    if settings.SHEBAO["DEMO_OUTBOX"]:
        what = "sign-in codes and notices are shown on /dev/outbox/, which anyone can read."
    else:
        what = "sign-in codes and notices are held and never reach a phone."
    return [
        Warning(
            "No SMS gateway is configured: " + what,
            hint="Set SMS_GATEWAY_URL (and SMS_GATEWAY_TOKEN), and leave DEMO_OUTBOX unset, "
            "before real citizens use the site.",
            id="shebao.W001",
        )
    ]


@register(Tags.security)
def audit_key_configured(app_configs, **kwargs):
    """Without its key the audit chain cannot be sealed or verified: every command refuses to start."""
    from shebao.core.auditchain import NO_KEY

    if settings.SHEBAO["AUDIT_KEY"]:
        return []
    return [Error(NO_KEY, id="shebao.E001")]
