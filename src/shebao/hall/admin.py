"""Reference data of a hall for administrators: business categories (with their booking settings) and
windows. Tickets, ratings and visits change only through the services, so they are read-only here."""

from django.contrib import admin

from shebao.hall.models import AppointmentSlot, ServiceCategory, Window


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ("outlet", "prefix", "code", "name", "active", "bookable", "slot_minutes", "slot_capacity")
    list_filter = ("active", "bookable")
    search_fields = ("outlet__code", "outlet__name", "code", "name")
    raw_id_fields = ("outlet",)


@admin.register(Window)
class WindowAdmin(admin.ModelAdmin):
    list_display = ("outlet", "number", "comprehensive", "open", "teller")
    list_filter = ("comprehensive", "open")
    search_fields = ("outlet__code", "outlet__name")
    raw_id_fields = ("outlet", "teller")
    filter_horizontal = ("categories",)


@admin.register(AppointmentSlot)
class AppointmentSlotAdmin(admin.ModelAdmin):
    list_display = ("outlet", "category", "starts_at", "ends_at", "capacity")
    list_filter = ("category__code",)
    search_fields = ("outlet__code",)
    raw_id_fields = ("outlet", "category")
    date_hierarchy = "starts_at"

    def has_add_permission(self, request) -> bool:
        return False  # slots are cut from the opening hours by `hall_daily`
