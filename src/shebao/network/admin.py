"""Reference data of the network for administrators (DESIGN: agreements, hours, the population layer).

An agreement's status is read-only here: suspending, resuming and ending go through the services (on
the outlet page), which check the rule, keep the reason and write the audit entry."""

from django.contrib import admin

from shebao.network.models import Agreement, AgreementStaff, OpeningHours, Settlement


class AgreementStaffInline(admin.TabularInline):
    model = AgreementStaff
    extra = 1
    autocomplete_fields = ("staff",)


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("number", "partner", "outlet", "status", "valid_from", "valid_until", "next_review")
    list_filter = ("status",)
    search_fields = ("number", "partner", "outlet__code", "outlet__name")
    autocomplete_fields = ("outlet",)
    readonly_fields = ("status", "status_since", "status_reason")
    inlines = [AgreementStaffInline]
    list_per_page = 50


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ("outlet", "day", "opens", "closes")
    list_filter = ("day",)
    search_fields = ("outlet__code", "outlet__name")
    autocomplete_fields = ("outlet",)
    list_per_page = 50


@admin.register(Settlement)
class SettlementAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "agency", "population", "urban")
    list_filter = ("urban",)
    search_fields = ("code", "name")
    autocomplete_fields = ("agency",)
    list_per_page = 50
