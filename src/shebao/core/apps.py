from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shebao.core"
    label = "core"
    verbose_name = _("Agencies, staff and audit")

    def ready(self) -> None:
        # Importing these registers the workbench cards, the start-up checks and the permission rules.
        from shebao.core import cards, checks, rules, signin_events  # noqa: F401

        signin_events.connect()


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site: permission-checked, second factor, audited (core.adminsite)."""

    default = False  # CoreConfig stays this module's default

    default_site = "shebao.core.adminsite.StaffAdminSite"
