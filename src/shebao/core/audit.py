"""The audit log: `log_action` appends one entry. Every service that changes state, and every staff read
of a person's record, calls it inside its own transaction, so the entry exists exactly when the change does.

Writing an entry is one INSERT and takes no lock: the entry joins the tamper-evident chain when the
sealer (core.auditchain, a background job) seals it, within a minute. verify-audit checks the sealed
chain and counts the entries still waiting.
"""

import json

from django.utils import timezone

from shebao.core.masking import mask_text
from shebao.core.models import AuditEntry


def _masked(data: dict) -> dict:
    """Personal data never enters the log in clear: every string value is passed through mask_text."""

    def mask(value):
        if isinstance(value, str):
            return mask_text(value)
        if isinstance(value, dict):
            return {k: mask(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [mask(v) for v in value]
        return value

    return mask(json.loads(json.dumps(data or {}, default=str)))


def log_action(action: str, *, actor=None, obj=None, data: dict | None = None) -> AuditEntry:
    """Append `action` (a dotted name such as "people.person.viewed") to the log."""
    return AuditEntry.objects.create(
        at=timezone.now(),
        actor_id=getattr(actor, "pk", None),
        actor_name=getattr(actor, "get_username", lambda: "")() if actor is not None else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=_masked(data or {}),
    )
