"""The audit chain: entries sealed in batches, the chain's head checkpointed outside the database, and
verify-audit, which checks both.

Tamper-evident against someone who has the database but not the app server's key file:
- each sealed entry carries an HMAC (`mac`) over its content, its number and the previous entry's mac,
  with a key that is never in the database (settings AUDIT_KEY / AUDIT_KEY_FILE): an edited, reordered,
  inserted or re-computed entry fails, since nobody without the key can make a matching mac;
- after each batch the sealer appends a signed checkpoint (batch, last number, last mac) to a log the
  operator keeps outside the database (AUDIT_CHECKPOINT_FILE): a chain cut short, or emptied, no longer
  reaches the last checkpoint;
- the head row says how many batches were sealed (signed too), so a checkpoint log replaced with an
  older copy is behind the database and fails as well.
What it cannot catch: someone with the key, or an old copy of the database restored together with an
old copy of the checkpoint log (keep the log on append-only storage another team runs). Entries are
sealed within a minute of being written; until then the database's triggers and privileges guard them.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from shebao.core.jobs import job
from shebao.core.models import AuditEntry, AuditHead

SEAL_BATCH = 5000  # entries sealed in one transaction
NO_KEY = (
    "No audit key: set AUDIT_KEY_FILE to a file holding a random key of at least 32 characters, kept "
    "outside the database (or AUDIT_KEY); `make run` makes a demo key under var/."
)


class AuditChainBroken(Exception):
    """The sealer refuses to seal on top of a chain that disagrees with its head or its checkpoints."""


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


@dataclass(frozen=True)
class Checkpoint:
    batch: int
    seq: int
    mac: str
    at: str
    prev: str
    sig: str


@dataclass(frozen=True)
class ChainStatus:
    sealed: int
    unsealed: int
    checkpoint: Checkpoint | None
    broken: ChainBreak | None
    # The last batch was sealed but the sealer stopped before checkpointing it: its next run does.
    checkpoint_pending: bool = False


def audit_key() -> bytes:
    key = settings.SHEBAO["AUDIT_KEY"]
    if not key:
        raise ImproperlyConfigured(NO_KEY)
    return key


def checkpoint_path() -> Path:
    return Path(settings.SHEBAO["AUDIT_CHECKPOINT_FILE"])


def _mac(key: bytes, purpose: str, body: dict) -> str:
    """HMAC-SHA256 of canonical JSON; the purpose keeps an entry's mac from passing as a checkpoint's."""
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, f"{purpose}\n{text}".encode(), hashlib.sha256).hexdigest()


def entry_mac(key: bytes, entry: AuditEntry, seq: int, prev_mac: str) -> str:
    return _mac(
        key,
        "entry",
        {
            "seq": seq,
            "at": entry.at.isoformat(timespec="microseconds"),
            "actor_id": entry.actor_id,
            "actor_name": entry.actor_name,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "data": entry.data,
            "prev": prev_mac,
        },
    )


def head_signature(key: bytes, head: AuditHead) -> str:
    return _mac(key, "head", {"seq": head.seq, "mac": head.mac, "batch": head.batch})


def _checkpoint_sig(key: bytes, batch: int, seq: int, mac: str, at: str, prev: str) -> str:
    return _mac(key, "checkpoint", {"batch": batch, "seq": seq, "mac": mac, "at": at, "prev": prev})


# --- The checkpoint log: one signed JSON line per sealed batch, each linked to the line before ---------


def read_checkpoints(key: bytes, path: Path) -> list[Checkpoint]:
    """Every checkpoint in the log, checked; raises AuditChainBroken at the first bad line."""
    try:
        lines = path.read_text().splitlines()
    except FileNotFoundError:
        return []
    checkpoints: list[Checkpoint] = []
    for number, line in enumerate(lines, 1):
        prev = checkpoints[-1] if checkpoints else None
        try:
            cp = Checkpoint(**json.loads(line))
        except (ValueError, TypeError):
            raise AuditChainBroken(f"line {number} of the checkpoint log is not a checkpoint") from None
        expected = _checkpoint_sig(key, cp.batch, cp.seq, cp.mac, cp.at, cp.prev)
        if not hmac.compare_digest(cp.sig, expected) or cp.prev != (prev.sig if prev else ""):
            raise AuditChainBroken(f"line {number} of the checkpoint log was changed or forged")
        if prev is not None and (cp.batch <= prev.batch or cp.seq < prev.seq):
            raise AuditChainBroken(f"line {number} of the checkpoint log goes backwards")
        checkpoints.append(cp)
    return checkpoints


def _append_checkpoint(log, key: bytes, head: AuditHead, last: Checkpoint | None) -> Checkpoint:
    at = timezone.now().isoformat(timespec="seconds")
    prev = last.sig if last else ""
    sig = _checkpoint_sig(key, head.batch, head.seq, head.mac, at, prev)
    cp = Checkpoint(head.batch, head.seq, head.mac, at, prev, sig)
    log.write(json.dumps(cp.__dict__, separators=(",", ":")) + "\n")
    log.flush()
    os.fsync(log.fileno())
    return cp


# --- Sealing ---------------------------------------------------------------------------------------


def _check_head(key: bytes, head: AuditHead, last: Checkpoint | None) -> None:
    """The head must be signed with our key and agree with the checkpoint log, or nothing is sealed."""
    if (head.seq or head.batch) and not hmac.compare_digest(head.signature, head_signature(key, head)):
        raise AuditChainBroken("the chain's head was changed without the audit key")
    if last is None:
        if head.batch > 1:
            raise AuditChainBroken("batches were sealed but the checkpoint log is missing")
        return
    if last.batch > head.batch or (last.batch == head.batch and (last.seq, last.mac) != (head.seq, head.mac)):
        raise AuditChainBroken(
            f"the database is behind its checkpoint of batch {last.batch} (entry #{last.seq}): "
            "entries were removed"
        )
    if last.batch < head.batch - 1:
        raise AuditChainBroken(
            f"the checkpoint log ends at batch {last.batch} but the database sealed {head.batch}: "
            "the log was replaced with an older copy"
        )


def _seal(key: bytes, head: AuditHead, pending: list[AuditEntry]) -> None:
    seq, mac = head.seq, head.mac
    for entry in pending:
        seq += 1
        mac = entry_mac(key, entry, seq, mac)
        entry.seq, entry.mac = seq, mac
    AuditEntry.objects.bulk_update(pending, ["seq", "mac"], batch_size=500)
    head.seq, head.mac, head.batch = seq, mac, head.batch + 1
    head.signature = head_signature(key, head)
    head.save()


@contextmanager
def _locked_log(path: Path) -> Iterator[TextIO]:
    """The checkpoint log open for appending, under the lock sealers take turns with. A restore may have
    put another file at the path while this waited: then the lock is taken again on that one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        with path.open("a") as log:
            fcntl.flock(log, fcntl.LOCK_EX)
            if path.exists() and os.fstat(log.fileno()).st_ino == path.stat().st_ino:
                yield log
                return


@contextmanager
def sealer_paused() -> Iterator[None]:
    """Nothing is sealed meanwhile: a backup reads the checkpoint log and the database in one state."""
    with _locked_log(checkpoint_path()):
        yield


def key_fingerprint() -> str:
    """Names the audit key without revealing it: a backup's manifest keeps it, restore compares."""
    return _mac(audit_key(), "fingerprint", {})[:16]


@job("core.audit.seal", every_minutes=1)
def seal_pending() -> int:
    """Seal the entries waiting, oldest first, in batches; checkpoint each batch. Returns how many.

    Two sealers take turns (a lock on the checkpoint log, then the head row). A crash between a batch's
    commit and its checkpoint loses nothing: the next run writes the missing checkpoint first."""
    key, path = audit_key(), checkpoint_path()
    sealed = 0
    with _locked_log(path) as log:
        checkpoints = read_checkpoints(key, path)
        last = checkpoints[-1] if checkpoints else None
        while True:
            with transaction.atomic():
                head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
                _check_head(key, head, last)
                pending = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id")[:SEAL_BATCH])
                if pending:
                    _seal(key, head, pending)
            if head.batch and (last is None or last.batch < head.batch):
                last = _append_checkpoint(log, key, head, last)
            sealed += len(pending)
            if len(pending) < SEAL_BATCH:
                return sealed


# --- Verifying -----------------------------------------------------------------------------------


def _sealed(batch_size: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def _walk(key: bytes, checkpoints: list[Checkpoint], batch_size: int) -> tuple[int, str, ChainBreak | None]:
    """Re-compute every sealed entry's mac in order; (last number, last mac, first break)."""
    at_checkpoint = {cp.seq: cp.mac for cp in checkpoints}
    expected, prev = 1, ""
    for entry in _sealed(batch_size):
        if entry.seq != expected:
            return expected - 1, prev, ChainBreak(expected, "missing entry (removed)")
        if not hmac.compare_digest(entry.mac, entry_mac(key, entry, entry.seq, prev)):
            reason = "content, place or link does not match its seal (edited, moved or forged)"
            return expected - 1, prev, ChainBreak(entry.seq, reason)
        if at_checkpoint.get(entry.seq, entry.mac) != entry.mac:
            return expected - 1, prev, ChainBreak(entry.seq, "differs from the checkpoint of this entry")
        expected, prev = expected + 1, entry.mac
    return expected - 1, prev, None


def _against_head_and_log(
    key: bytes, count: int, last_mac: str, last: Checkpoint | None
) -> tuple[ChainBreak | None, bool]:
    if last is not None and last.seq > count:
        removed = f"entries #{count + 1} to #{last.seq} were removed: the checkpoint of {last.at} has them"
        return ChainBreak(count + 1, removed), False
    head = AuditHead.objects.filter(id=1).first() or AuditHead()
    if head.seq != count or head.mac != last_mac:
        return ChainBreak(min(head.seq, count) + 1, "the chain's head does not match its last entry"), False
    try:
        _check_head(key, head, last)
    except AuditChainBroken as exc:
        return ChainBreak((last.seq if last else 0) + 1, str(exc)), False
    return None, bool(head.batch) and (last is None or last.batch < head.batch)


def chain_status(batch_size: int = 5000) -> ChainStatus:
    """Check the whole sealed chain against its macs, its head and the last checkpoint."""
    key = audit_key()
    unsealed = AuditEntry.objects.filter(seq__isnull=True).count()
    try:
        checkpoints = read_checkpoints(key, checkpoint_path())
    except AuditChainBroken as exc:
        return ChainStatus(0, unsealed, None, ChainBreak(0, str(exc)))
    last = checkpoints[-1] if checkpoints else None
    count, last_mac, broken = _walk(key, checkpoints, batch_size)
    pending = False
    if broken is None:
        broken, pending = _against_head_and_log(key, count, last_mac, last)
    return ChainStatus(count, unsealed, last, broken, pending)


def verify_chain(batch_size: int = 5000) -> ChainBreak | None:
    """The first break in the chain, or None when every sealed entry is intact."""
    return chain_status(batch_size).broken
