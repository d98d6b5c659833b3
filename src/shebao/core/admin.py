"""Reference data for administrators: agencies, outlets, staff and their roles; the audit log read-only."""

from django.contrib import admin

from shebao.core.models import Agency, AuditEntry, Outlet, StaffProfile, StaffRole, TextMessage


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "tier", "status", "agency")
    list_filter = ("level", "kind", "tier", "status")
    search_fields = ("code", "name", "address")
    autocomplete_fields = ("agency",)
    list_per_page = 50


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 1


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "user", "agency", "outlet", "active")
    list_filter = ("active", "roles__role")
    search_fields = ("display_name", "user__username")
    autocomplete_fields = ("agency", "outlet", "user")
    inlines = [StaffRoleInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Append-only: nobody, not even a superuser, edits or deletes an entry here."""

    list_display = ("seq", "at", "actor_name", "action", "object_type", "object_id")
    list_filter = ("action",)
    search_fields = ("action", "actor_name", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TextMessage)
class TextMessageAdmin(admin.ModelAdmin):
    """Read-only: what was sent to whom, and why a message failed. Phones are masked here too."""

    list_display = ("id", "created_at", "masked_phone", "purpose", "state", "attempts", "last_error")
    list_filter = ("state", "purpose")
    fields = ("masked_phone", "body", "purpose", "state", "attempts", "last_error", "sent_at", "gateway_ref")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
