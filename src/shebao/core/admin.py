"""Reference data for administrators: agencies, outlets, staff and their roles; the audit log read-only."""

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from shebao.core import holidays
from shebao.core.adminsite import ReadOnlyAdmin
from shebao.core.errors import ValidationFailed
from shebao.core.models import (
    Agency,
    AuditEntry,
    ExclusivePosts,
    HolidaySchedule,
    Outlet,
    StaffProfile,
    StaffRole,
    TextMessage,
)
from shebao.core.posts import conflicts_among, existing_conflicts
from shebao.core.textlimits import NOTE_LIMIT


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
    # Status changes go through the outlet page (network.services.outlet_set_status): a reason, the date,
    # the map and the tellers' rights follow at once. Editing the field here would skip all of that.
    readonly_fields = ("status", "status_since", "status_reason")


class StaffRoleFormSet(BaseInlineFormSet):
    """岗位互斥: the roles a profile keeps after this save must not include two exclusive posts."""

    def clean(self) -> None:
        super().clean()
        kept = [
            f.cleaned_data["role"]
            for f in self.forms
            if f.cleaned_data.get("role") and not f.cleaned_data.get("DELETE")
        ]
        conflicts = conflicts_among(kept)
        if conflicts:
            raise forms.ValidationError([c.describe() for c in conflicts], code="exclusive_posts")


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    formset = StaffRoleFormSet
    extra = 1


@admin.register(ExclusivePosts)
class ExclusivePostsAdmin(admin.ModelAdmin):
    """The configurable table; its list page names every member of staff who holds a pair today."""

    list_display = ("post", "other", "reason")

    def changelist_view(self, request, extra_context=None):
        for profile, conflict in existing_conflicts():
            messages.warning(
                request,
                _("%(staff)s (%(agency)s) holds exclusive posts. %(conflict)s")
                % {
                    "staff": profile.display_name,
                    "agency": profile.agency.name,
                    "conflict": conflict.describe(),
                },
            )
        return super().changelist_view(request, extra_context)


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "user", "agency", "outlet", "active")
    list_filter = ("active", "roles__role")
    search_fields = ("display_name", "user__username")
    autocomplete_fields = ("agency", "outlet", "user")
    inlines = [StaffRoleInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Append-only: nobody, not even a superuser, edits or deletes an entry here."""

    list_display = ("seq", "at", "actor_name", "action", "object_type", "object_id")
    list_filter = ("action",)
    search_fields = ("action", "actor_name", "object_id")


@admin.register(TextMessage)
class TextMessageAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read-only: what was sent to whom, and why a message failed. Phones are masked here too."""

    list_display = ("id", "created_at", "masked_phone", "purpose", "state", "attempts", "last_error")
    list_filter = ("state", "purpose")
    fields = ("masked_phone", "text", "purpose", "state", "attempts", "last_error", "sent_at", "gateway_ref")
    readonly_fields = fields

    @admin.display(description=_("text"))
    def text(self, message: TextMessage) -> str:
        if message.secret:
            return _("A one-time code: it is never shown here, and erased once sent.")
        return message.body


class HolidayScheduleForm(forms.ModelForm):
    """The notice's dates as typed from it: one a line, or ranges such as 2027-02-05~2027-02-11."""

    holiday_text = forms.CharField(
        label=_("public holidays"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,  # an amendment may only add make-up days; core.holidays says what a notice needs
        help_text=_(
            "For a year the built-in calendar already knows, enter only the days the amendment changes "
            "(e.g. a late extension): every other day keeps the built-in answer."
        ),
    )
    make_up_text = forms.CharField(
        label=_("make-up working days"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    class Meta:
        model = HolidaySchedule
        fields = ("year", "source")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["holiday_text"].initial = "\n".join(self.instance.holidays)
            self.fields["make_up_text"].initial = "\n".join(self.instance.make_up_workdays)

    def clean(self):
        cleaned = super().clean()
        if "year" not in cleaned:
            return cleaned
        try:
            days = holidays.parse_days(cleaned.get("holiday_text", ""))
            make_up = holidays.parse_days(cleaned.get("make_up_text", ""))
            self.instance.holidays, self.instance.make_up_workdays = holidays.check_schedule(
                cleaned["year"], days, make_up
            )
        except ValidationFailed as refused:
            fields = {"holidays": "holiday_text", "make_up_workdays": "make_up_text", "year": "year"}
            for name, message in refused.fields.items():
                self.add_error(fields[name], message)
            if not refused.fields:
                self.add_error(None, refused.message)
        return cleaned


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    form = HolidayScheduleForm
    list_display = ("year", "source", "entered_at")
