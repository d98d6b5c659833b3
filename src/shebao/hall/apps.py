from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallConfig(AppConfig):
    name = "shebao.hall"
    label = "hall"
    verbose_name = _("Service hall")

    def ready(self) -> None:
        from shebao.hall import cards, rules  # noqa: F401  (register workbench cards and permission rules)
