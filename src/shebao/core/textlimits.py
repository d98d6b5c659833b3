"""Text is never longer than its column. The API's schemas take their limits from the models
(`column_limit`); every other way in (pages, services, commands) meets `refuse_overlong_text` before the
row is written: SQLite would store a 100,000-character note, PostgreSQL would fail with a server error."""

from __future__ import annotations

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from shebao.core.errors import ValidationFailed

# Free text kept in a TextField (a reason, a finding): long enough for any real note, not for a book.
NOTE_LIMIT = 2000


def column_limit(model: type[models.Model], name: str) -> int:
    limit = model._meta.get_field(name).max_length
    assert limit, f"{model.__name__}.{name} has no max_length"
    return limit


def too_long(label, limit: int) -> str:
    return _("%(field)s: at most %(limit)d characters.") % {"field": capfirst(label), "limit": limit}


def check_note(text: str, *, field: str, label) -> None:
    """A note kept in a TextField (a reason, a finding), which has no column limit: at most NOTE_LIMIT
    characters. The message names the field too, for pages that show only the message."""
    if len(text or "") > NOTE_LIMIT:
        message = too_long(label, NOTE_LIMIT)
        raise ValidationFailed(message, fields={field: message})


def refuse_overlong_text(sender, instance, raw: bool = False, **kwargs) -> None:
    """pre_save, for the project's own models (fixtures, `raw`, are trusted)."""
    if raw or not sender.__module__.startswith("shebao."):
        return
    overlong = {}
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(field, models.CharField) and isinstance(value, str) and len(value) > field.max_length:
            overlong[field.name] = too_long(field.verbose_name, field.max_length)
    if overlong:
        raise ValidationFailed(next(iter(overlong.values())), fields=overlong)
