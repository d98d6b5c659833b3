from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _for_recipients(request, citizen, persons) -> dict | None:
    return {} if any(p.benefits.exists() for p in persons) else None


def _consultations(request, citizen, persons) -> dict | None:
    states = list(citizen.consultations.values_list("state", flat=True)[:50])
    return {"open": states.count("open"), "answered": states.count("answered")} if states else None


class ConsultConfig(AppConfig):
    name = "shebao.consult"
    label = "consult"
    verbose_name = _("Consultation")

    def ready(self) -> None:
        # Importing the cards registers the workbench's consultation card and the rules it asks.
        from shebao.consult import cards, jobs  # noqa: F401
        from shebao.consult.models import KnowledgePair
        from shebao.consult.selectors import forget_ranker
        from shebao.people.portal import Panel, register_panel

        # For a recipient, or a relative acting for one: why the pension changed.
        register_panel(
            Panel(key="pension-change", order=25, template="consult/_panel.html", context=_for_recipients)
        )
        # Questions handed to a person, on the portal's home page once there are any.
        register_panel(
            Panel(
                key="consultations",
                order=26,
                template="consult/_tickets_panel.html",
                context=_consultations,
            )
        )
        post_save.connect(forget_ranker, sender=KnowledgePair, dispatch_uid="consult-ranker-saved")
        post_delete.connect(forget_ranker, sender=KnowledgePair, dispatch_uid="consult-ranker-deleted")
