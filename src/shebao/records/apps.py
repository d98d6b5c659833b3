from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "shebao.records"
    label = "records"
    verbose_name = _("Rights records")

    def ready(self) -> None:
        # Importing the rules registers who may read a person's records (core.permissions).
        from shebao.records import rules  # noqa: F401
