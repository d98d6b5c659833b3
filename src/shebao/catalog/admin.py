"""Django admin for the catalogue, with import and export (CSV and XLSX).

Guide versions and their materials are shown read-only: a published version is never edited (cases
point to it). Changes are made by importing a file (the same format as the export), which publishes new
versions; identity fields of an item (names, category, tiers, channels) and bundles may be edited here,
by system administrators only, each edit written to the audit log through the services.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from shebao.catalog import exporter, importer, services
from shebao.catalog.models import Bundle, BundleItem, ItemVersion, Material, ServiceItem
from shebao.core.adminsite import ReadOnlyAdmin
from shebao.core.errors import ApplicationError
from shebao.core.permissions import can

MAX_UPLOAD = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    kind = forms.ChoiceField(
        label=_("A CSV file holds"),
        choices=[("items", _("Items")), ("materials", _("Materials")), ("bundles", _("Bundles"))],
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    can_delete = False
    fields = ["position", "key", "name", "form", "count", "requirement", "defer_days", "notes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = ItemVersion
    extra = 0
    can_delete = False
    fields = ["number", "effective_from", "effective_until", "time_limit_days", "fee", "change_note"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "risk", "instant", "outlet_tiers", "popularity", "active"]
    list_filter = ["category", "risk", "instant", "active"]
    search_fields = ["code", "name", "name_en", "keywords"]
    inlines = [VersionInline]
    change_list_template = "admin/catalog/change_list_import.html"

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can(request.user, "catalog.item.edit")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can(request.user, "catalog.item.edit", obj)

    def has_delete_permission(self, request, obj=None):
        return False  # cases point to its versions; set `active` off instead

    def save_model(self, request, obj, form, change):
        services.item_save(actor=request.user, item=obj, changed=form.changed_data, created=not change)

    def get_urls(self):
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name="catalog_import"),
            path("export/<str:fmt>/", self.admin_site.admin_view(self.export_view), name="catalog_export"),
        ]
        return extra + super().get_urls()

    def import_view(self, request):
        form = ImportForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                tables = importer.read_upload(upload.name, upload.read(), form.cleaned_data["kind"] or None)
                counts = services.catalogue_import(actor=request.user, tables=tables)
            except importer.ImportRejected as exc:
                problems = [importer.problem_text(*problem) for problem in exc.problems]
            except ApplicationError as exc:
                form.add_error(None, str(exc.message) + " " + " ".join(str(v) for v in exc.fields.values()))
            else:
                messages.success(
                    request,
                    _("Imported: %(items)s new items, %(versions)s new versions, %(bundles)s new bundles.")
                    % counts,
                )
                return redirect("admin:catalog_serviceitem_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "problems": problems,
            "title": _("Import the catalogue"),
            "opts": self.model._meta,
        }
        return render(request, "admin/catalog/import.html", context)

    def export_view(self, request, fmt: str):
        if fmt == "xlsx":
            response = HttpResponse(
                exporter.to_xlsx(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = 'attachment; filename="catalogue.xlsx"'
            return response
        if fmt not in importer.KINDS:
            raise Http404  # the site's not-found page, like every other refusal
        response = HttpResponse(exporter.to_csv(fmt), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="catalogue-{fmt}.csv"'
        return response


@admin.register(ItemVersion)
class ItemVersionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Published versions are immutable; import a file to publish a new one."""

    list_display = ["item", "number", "effective_from", "effective_until"]
    list_filter = ["effective_from"]
    search_fields = ["item__code", "item__name"]
    inlines = [MaterialInline]


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Every material of every version, to find which items ask for a document."""

    list_display = ["name", "key", "version", "form", "requirement", "defer_days"]
    list_filter = ["requirement", "form"]
    search_fields = ["key", "name", "version__item__code", "version__item__name"]
    list_select_related = ["version__item"]


class BundleItemInline(admin.TabularInline):
    model = BundleItem
    extra = 1
    autocomplete_fields = ["item"]


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "applicant_type", "active"]
    search_fields = ["code", "name"]
    inlines = [BundleItemInline]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can(request.user, "catalog.bundle.edit")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can(request.user, "catalog.bundle.edit", obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can(request.user, "catalog.bundle.edit", obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = list(form.changed_data) + [f.prefix for f in formsets if f.has_changed()]
        services.bundle_saved(actor=request.user, bundle=form.instance, changed=changed, created=not change)

    def delete_model(self, request, obj):
        services.bundle_delete(actor=request.user, bundle=obj)

    def delete_queryset(self, request, queryset):
        for bundle in queryset:
            services.bundle_delete(actor=request.user, bundle=bundle)
