from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "shebao.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # Importing these registers the workbench cards, background jobs and permission rules.
        from shebao.cases import cards, jobs, rules  # noqa: F401
        from shebao.cases.online_views import PANEL as ONLINE_PANEL
        from shebao.cases.portal_views import PANEL
        from shebao.people.portal import register_panel

        register_panel(PANEL)  # "my cases" on the citizen portal's home page
        register_panel(ONLINE_PANEL)  # "apply online" and my online applications

        from django.db.models.signals import post_save

        from shebao.cases.deadlines import on_holiday_schedule_saved
        from shebao.core.models import HolidaySchedule

        post_save.connect(on_holiday_schedule_saved, sender=HolidaySchedule, dispatch_uid="cases.recount")
