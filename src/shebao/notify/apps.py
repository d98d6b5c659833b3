from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "shebao.notify"
    label = "notify"
    verbose_name = _("Proactive notices")

    def ready(self) -> None:
        # Importing these registers the background jobs, the workbench card and the portal panel.
        from shebao.notify import cards, delivery, scans, subscribers  # noqa: F401
        from shebao.notify.portal import PANEL
        from shebao.people.portal import register_panel

        subscribers.connect()
        register_panel(PANEL)  # "my notices" on the citizen portal's home page
