"""Employers are reference data an administrator may correct; persons are shown masked and read-only
here, since staff reads of a person go through the audited workbench, not the admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shebao.core.adminsite import ReadOnlyAdmin
from shebao.people.models import Employer, Person, ProxyBinding


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("credit_code", "name", "home_agency", "registered_at")
    search_fields = ("credit_code", "name")
    autocomplete_fields = ("home_agency",)
    # The handling staff is a person: shown masked, set only at the window (people.services).
    exclude = ("handler",)
    readonly_fields = ("handler_masked", "registered_at")

    @admin.display(description=_("handling staff"))
    def handler_masked(self, employer: Employer) -> str:
        return employer.handler.masked_name if employer.handler_id else "—"


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("masked_name", "sex", "birth_year", "masked_phone")
    list_filter = ("sex",)
    fields = ()
    show_full_result_count = False

    @admin.display(description="birth year")
    def birth_year(self, person):
        return person.birth_date.year if person.birth_date else ""


@admin.register(ProxyBinding)
class ProxyBindingAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Bindings are made with consent (a code or a teller at a window) and ended in the portal or at a
    window; the admin only shows them, masked."""

    list_display = ("proxy", "principal", "relation", "consent", "created_at", "ended_at")
    list_filter = ("consent", "relation")
    fields = ()
