"""The crediting-rate table is maintained here (a new year's figure each summer). The ledger's lines come
only from imports, so they are shown read-only; a person's lines are read through the audited API."""

from django.contrib import admin

from shebao.core.adminsite import ReadOnlyAdmin
from shebao.records.models import ImportBatch, InterestRate


@admin.register(InterestRate)
class InterestRateAdmin(admin.ModelAdmin):
    list_display = ("year", "rate_percent", "announced_in")
    ordering = ("-year",)


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("file_name", "kind", "rows", "created_rows", "updated_rows", "applied_at", "applied_by")
    list_filter = ("kind",)
    fields = ()
