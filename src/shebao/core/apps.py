from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shebao.core"
    label = "core"
    verbose_name = _("Agencies, staff and audit")

    def ready(self) -> None:
        from shebao.core import checks, rules  # noqa: F401  (registers permission rules and checks)
