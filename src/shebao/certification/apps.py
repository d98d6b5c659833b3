from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "shebao.certification"
    label = "certification"
    verbose_name = _("Eligibility certification")

    def ready(self) -> None:
        # Importing these registers the permission rules, the workbench card and the daily cycle job.
        from shebao.certification import cards, jobs, rules  # noqa: F401
        from shebao.certification.views import panel_context
        from shebao.people.portal import Panel, register_panel

        # My (and my relatives') certification state on the citizen portal's home page.
        register_panel(
            Panel(key="certification", order=15, template="certification/_panel.html", context=panel_context)
        )
