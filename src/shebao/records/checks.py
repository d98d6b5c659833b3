"""`check --deploy`: statements and proofs need the agency's own signing key in production."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def signing_key_configured(app_configs, **kwargs):
    if settings.SHEBAO["SIGNING"]["KEY_FILE"]:
        return []
    return [
        Warning(
            "No signing key for statements and proofs: the demo signs them with a CA it made itself under "
            "var/signing/, which nobody outside trusts (outside the demo issuing is refused).",
            hint="Set CERT_SIGNING_KEY_FILE, CERT_SIGNING_CERT_FILE and CERT_SIGNING_CA_FILE.",
            id="shebao.W101",
        )
    ]
