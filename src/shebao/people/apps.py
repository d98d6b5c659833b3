from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "shebao.people"
    label = "people"
    verbose_name = _("Persons and employers")

    def ready(self) -> None:
        from shebao.people import cards, rules  # noqa: F401  (register workbench cards and permission rules)
