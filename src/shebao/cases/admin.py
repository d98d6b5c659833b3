"""Review flows are visible here with their steps; a new version is published by flows.flow_publish (so a
case in review keeps its flow), never by editing rows. Cases are read-only: every change of a case goes
through the services, which check permissions and segregation of duties and write the audit log."""

from django.contrib import admin

from shebao.cases.models import Case, FlowStep, ReviewFlow
from shebao.core.adminsite import ReadOnlyAdmin


class FlowStepInline(admin.TabularInline):
    model = FlowStep
    fields = ("position", "name", "role")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewFlow)
class ReviewFlowAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("item", "version", "effective_from", "note")
    list_filter = ("effective_from",)
    search_fields = ("item__code", "item__name")
    fields = ("item", "version", "effective_from", "note")
    inlines = [FlowStepInline]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("number", "state", "item_name", "outlet", "home_agency", "accepted_on", "deadline")
    list_filter = ("state",)
    search_fields = ("number",)
    fields = ("number", "state", "outlet", "home_agency", "accepted_on", "deadline", "deficiency_due")
    show_full_result_count = False

    @admin.display(description="item")
    def item_name(self, case):
        return case.item_version.item.name

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item_version__item", "outlet", "home_agency")
