"""The audit log: `log_action` appends one entry to the hash chain; `verify_chain` re-computes it.

Every service that changes state, and every staff read of a person's record, calls log_action inside
its own transaction, so the entry exists exactly when the change does.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from shebao.core.masking import mask_text
from shebao.core.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    body = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "data": entry.data,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


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
    """Append `action` (a dotted name such as "people.person.viewed") to the chain."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_name=getattr(actor, "get_username", lambda: "")() if actor is not None else "",
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            data=_masked(data or {}),
            prev_hash=head.hash,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(batch_size: int = 5000) -> ChainBreak | None:
    """Walk the whole chain; return the first break, or None when every entry is intact."""
    expected_seq, expected_prev = 1, GENESIS_HASH
    for entry in _entries(batch_size):
        if entry.seq != expected_seq:
            return ChainBreak(expected_seq, "missing entry (removed)")
        if entry.prev_hash != expected_prev:
            return ChainBreak(entry.seq, "does not link to the entry before it")
        if entry_hash(entry) != entry.hash:
            return ChainBreak(entry.seq, "content does not match its hash (edited)")
        expected_seq, expected_prev = entry.seq + 1, entry.hash
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        return ChainBreak(expected_seq, "entries after this point were removed")
    return None


def _entries(batch_size: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq
