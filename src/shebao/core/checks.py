"""Start-up checks that say what a deployment lacks, in the `manage.py check --deploy` output."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
