from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "shebao.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from shebao.cases import cards, rules  # noqa: F401  (register workbench cards and permission rules)
        from shebao.cases.portal_views import PANEL
        from shebao.people.portal import register_panel

        register_panel(PANEL)  # "my cases" on the citizen portal's home page
