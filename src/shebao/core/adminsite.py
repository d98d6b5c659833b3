"""The Django admin, as the level-3 baseline and core.permissions want it:

- only staff whose roles allow "core.admin.use" (administrators) get in, after the second factor
  (django-otp's OTPAdminSite), so the admin is no way around the one permission entry point;
- every addition, change and deletion made there is written to the audit log, for every app's models:
  `register` gives each ModelAdmin the AuditedAdmin behaviour.
"""

from django.contrib.admin import ModelAdmin, TabularInline
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from shebao.core.audit import log_action
from shebao.core.permissions import can


def _action(obj, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


class AuditedAdmin(ModelAdmin):
    """Called by the admin inside its own transaction, right after the change is saved."""

    def log_addition(self, request, obj, message):
        log_action(_action(obj, "added"), actor=request.user, obj=obj, data={"via": "admin"})
        return super().log_addition(request, obj, message)

    def construct_change_message(self, request, form, formsets, add=False):
        # The field names (not their translated labels) go into the audit entry.
        request._audit_changed_fields = list(form.changed_data)
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        data = {"via": "admin", "fields": getattr(request, "_audit_changed_fields", [])}
        log_action(_action(obj, "changed"), actor=request.user, obj=obj, data=data)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            log_action(_action(obj, "deleted"), actor=request.user, obj=obj, data={"via": "admin"})
        return super().log_deletions(request, queryset)


class ReadOnlyAdmin:
    """For records only services write (cases, the audit log, texts, published guide versions, consents):
    the admin shows them and never adds, edits or deletes one. Put it before ModelAdmin in the bases."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdmin, TabularInline):
    """The rows kept under a record (its saved versions), shown and never added, changed or removed."""

    extra = 0
    can_delete = False


class StaffAdminSite(OTPAdminSite):
    site_header = _("Shebao One-Window")
    site_title = _("Shebao One-Window")

    def __init__(self, name: str = "admin"):
        super().__init__(name)

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and can(request.user, "core.admin.use")

    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or ModelAdmin
        if not issubclass(base, AuditedAdmin):
            base = type(base.__name__, (AuditedAdmin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)
