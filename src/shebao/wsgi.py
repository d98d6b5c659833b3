import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")
application = get_wsgi_application()

# The server does not start without the audit key (commands refuse through core.checks).
from shebao.core.auditchain import audit_key  # noqa: E402

audit_key()
