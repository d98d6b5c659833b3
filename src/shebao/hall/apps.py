from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallConfig(AppConfig):
    name = "shebao.hall"
    label = "hall"
    verbose_name = _("Service hall")

    def ready(self) -> None:
        # Importing these registers the workbench cards, background jobs and permission rules.
        from shebao.hall import cards, jobs, rules  # noqa: F401
