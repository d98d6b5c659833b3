from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "shebao.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from shebao.cases import rules  # noqa: F401  (registers permission rules)
