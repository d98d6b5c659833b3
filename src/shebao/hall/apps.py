from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallConfig(AppConfig):
    name = "shebao.hall"
    label = "hall"
    verbose_name = _("Service hall")

    def ready(self) -> None:
        from shebao.hall import jobs, rules  # noqa: F401  (registers background jobs and permission rules)
