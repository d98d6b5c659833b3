from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "shebao.records"
    label = "records"
    verbose_name = _("Rights records")

    def ready(self) -> None:
        # Importing the rules registers who may read a person's records (core.permissions); the cards,
        # the window's printing card on the workbench.
        from shebao.people.portal import Panel, register_panel
        from shebao.records import cards, checks, rules  # noqa: F401

        # Statements and proofs on the citizen portal's home page.
        register_panel(
            Panel(key="records", order=20, template="records/_panel.html", context=lambda r, c, p: {})
        )
