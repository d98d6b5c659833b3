from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "shebao.certification"
    label = "certification"
    verbose_name = _("Eligibility certification")

    def ready(self) -> None:
        # Importing these registers the permission rules and the daily cycle job.
        from shebao.certification import jobs, rules  # noqa: F401
