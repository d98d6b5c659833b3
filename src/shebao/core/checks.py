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


@register(Tags.security, deploy=True)
def app_role_owns_no_ddl(app_configs, databases=None, **kwargs):
    """PostgreSQL: the app should connect as a role that owns no table (grant_app_role), or whoever
    takes over the app's connection can drop the audit log's triggers."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper OR EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'core_auditentry' "
            "AND tableowner = current_user) FROM pg_roles WHERE rolname = current_user"
        )
        row = cursor.fetchone()
    if not row or not row[0]:
        return []
    return [
        Warning(
            "The app connects to PostgreSQL as a superuser or as the owner of its tables: it could drop "
            "the audit log's triggers.",
            hint="Run migrations as the owner role and serve with a second role given row access by "
            "`python -m shebao grant-app-role ROLE` (README, Deploying).",
            id="shebao.W002",
        )
    ]
