"""The knowledge base is kept here: each save is a new version (the versions below a pair, read-only); a
pair is switched off (active), never removed. Tickets and the unanswered count are read on staff pages."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shebao.consult.models import KnowledgePair, KnowledgeVersion
from shebao.consult.services import pair_save
from shebao.core.adminsite import ReadOnlyInline


class KnowledgePairForm(forms.ModelForm):
    alternatives = forms.CharField(
        label=_("other ways of asking"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One phrasing a line, as people type them."),
    )
    sources = forms.CharField(
        label=_("sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: item:CODE for a catalogue item, page:NAME for a page, or a law's article."),
    )

    class Meta:
        model = KnowledgePair
        fields = ("key", "topic", "question", "alternatives", "answer", "sources", "active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("alternatives", "sources"):
            self.initial[name] = "\n".join(getattr(self.instance, name) or [])

    def _lines(self, name: str) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get(name, "").splitlines() if line.strip()]

    def clean_alternatives(self):
        return self._lines("alternatives")

    def clean_sources(self):
        return self._lines("sources")


class VersionInline(ReadOnlyInline):
    model = KnowledgeVersion
    readonly_fields = ("version", "saved_by", "saved_at", "content")


@admin.register(KnowledgePair)
class KnowledgePairAdmin(admin.ModelAdmin):
    form = KnowledgePairForm
    list_display = ("question", "topic", "origin", "active", "version", "updated_at")
    list_filter = ("topic", "origin", "active")
    search_fields = ("key", "question", "answer")
    inlines = [VersionInline]

    def save_model(self, request, obj, form, change):
        pair_save(pair=obj, actor=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
