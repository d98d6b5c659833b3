from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _for_recipients(request, citizen, persons) -> dict | None:
    return {} if any(p.benefits.exists() for p in persons) else None


class ConsultConfig(AppConfig):
    name = "shebao.consult"
    label = "consult"
    verbose_name = _("Consultation")

    def ready(self) -> None:
        from shebao.people.portal import Panel, register_panel

        # For a recipient, or a relative acting for one: why the pension changed.
        register_panel(
            Panel(
                key="pension-change",
                order=25,
                template="consult/_panel.html",
                context=lambda request, citizen, persons: (
                    {} if any(p.benefits.exists() for p in persons) else None
                ),
            )
        )
