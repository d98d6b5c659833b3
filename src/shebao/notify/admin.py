"""Scenarios are data the administrator edits here: each save is checked (a template may only use the
variables the scenario declares) and kept as a new version; notices and deliveries are read-only."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from shebao.core.adminsite import ReadOnlyAdmin, ReadOnlyInline
from shebao.core.errors import ValidationFailed
from shebao.notify.models import Delivery, Notice, Scenario, ScenarioVersion
from shebao.notify.services import scenario_check, scenario_save


class ScenarioForm(forms.ModelForm):
    class Meta:
        model = Scenario
        fields = (
            "code", "name", "trigger", "trigger_name", "audience", "channels", "fallback_channel",
            "variables", "title_zh_hans", "title_zh_hant", "title_en", "body_zh_hans", "body_zh_hant",
            "body_en", "lead_days", "legally_required", "active",
        )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        candidate = Scenario(**{k: v for k, v in cleaned.items() if hasattr(Scenario, k)})
        try:
            scenario_check(candidate)
        except ValidationFailed as exc:
            raise ValidationError({k: str(v) for k, v in exc.fields.items()}) from None
        return cleaned


class VersionInline(ReadOnlyInline):
    model = ScenarioVersion
    readonly_fields = ("version", "saved_by", "saved_at", "content")


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    form = ScenarioForm
    list_display = ("code", "name", "trigger", "trigger_name", "legally_required", "active", "version")
    list_filter = ("trigger", "legally_required", "active")
    inlines = [VersionInline]

    def save_model(self, request, obj, form, change):
        scenario_save(scenario=obj, actor=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Scenarios are versioned data: one is switched off (active), never removed. Each process keeps the
        # active ones for a minute (notify.subscribers), and a removed one would still be triggered there.
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("scenario", "period", "state", "created_at")
    list_filter = ("scenario", "state")


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("notice", "audience", "channel", "state", "attempts", "created_at")
    list_filter = ("channel", "state", "audience")
    exclude = ("address",)  # a phone or e-mail address: personal data
