from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shebao.core"
    label = "core"
    verbose_name = _("Agencies, staff and audit")

    def ready(self) -> None:
        # Importing these registers the workbench cards, start-up checks, jobs and permission rules.
        from shebao.core import auditchain, cards, checks, limits, messaging, rules, signin_events  # noqa: F401

        signin_events.connect()
        self._holiday_schedules()
        self._text_limits()

    def _text_limits(self) -> None:
        from django.db.models.signals import pre_save

        from shebao.core.textlimits import refuse_overlong_text

        pre_save.connect(refuse_overlong_text, dispatch_uid="textlimits.refuse_overlong_text")

    def _holiday_schedules(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from shebao.core import holidays, workdays
        from shebao.core.models import HolidaySchedule

        workdays.use_supplement(holidays.load_schedules)
        post_save.connect(holidays.forget, sender=HolidaySchedule, dispatch_uid="holidays.saved")
        post_delete.connect(holidays.forget, sender=HolidaySchedule, dispatch_uid="holidays.deleted")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site: permission-checked, second factor, audited (core.adminsite)."""

    default = False  # CoreConfig stays this module's default

    default_site = "shebao.core.adminsite.StaffAdminSite"
