"""Every change to the ledger. Lines come from the core system's files (or the demo): `ledger_import`
applies one file in one transaction, or nothing.

Idempotency, decided here:
- by file: the file's SHA-256 is unique among batches, so the same file sent again changes nothing and
  answers with the batch that applied it;
- by line: a line whose natural key (person, scheme, month, payer / recipient, month, part) is already in
  the ledger with the same values is left alone (it keeps the batch that brought it); with other values
  it is a correction from the system of record and replaces them, counted as corrected and pointing at the
  new batch. Nothing is deleted by an import: a line the core system withdraws comes back as `refunded`
  (contributions) or `returned` (payments).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from shebao.core import events
from shebao.core.audit import log_action
from shebao.people.models import Recipient
from shebao.records.importer import CHUNK, MAX_ERRORS, Refusals, checked_chunks, repeated
from shebao.records.models import CREDITED_STATES, BatchKind, ImportBatch, PaymentPart, PaymentState
from shebao.records.readers import read_rows
from shebao.records.selectors import add_months
from shebao.records.staging import Stage


@dataclass(frozen=True)
class ImportResult:
    batch: ImportBatch
    already_applied: bool


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def ledger_import(*, path: Path, kind: str, actor=None, file_name: str = "") -> ImportResult:
    """Check every line of the file, then apply all of it or, on any bad line, nothing (ImportRefused
    names the first bad lines and counts them all). The lines are checked a chunk at a time into a stage
    (records.staging): memory stays the same whatever the file's length."""
    sha = file_sha256(path)
    earlier = ImportBatch.objects.filter(sha256=sha).first()
    if earlier is not None:
        return ImportResult(earlier, already_applied=True)
    refusals = Refusals()
    with Stage(kind) as stage:
        for lines in checked_chunks(read_rows(path), kind, refusals):
            stage.add(lines)
        duplicates = stage.duplicates()
        refusals.add([repeated(line, first) for line, first in islice(duplicates, MAX_ERRORS)])
        refusals.bad_lines += sum(1 for _ in duplicates)  # beyond the named ones: counted
        if refusals.errors:
            raise refusals.refusal()
        for attempt in range(2):
            try:
                batch = _apply(stage, path, kind, sha, actor, file_name)
                break
            except IntegrityError:
                earlier = ImportBatch.objects.filter(sha256=sha).first()
                if earlier is not None:  # the same file applied concurrently: the unique hash
                    return ImportResult(earlier, already_applied=True)
                # Another file with some of the same lines committed while this one was applied (its
                # rows were not yet visible to the insert): applied again, those lines are corrections.
                if attempt:
                    raise
    return ImportResult(batch, already_applied=False)


def _apply(stage: Stage, path: Path, kind: str, sha: str, actor, file_name: str) -> ImportBatch:
    """The staged file into the ledger, with its batch, its news and its audit entry: all or nothing."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file_name=(file_name or path.name)[:255],
            sha256=sha,
            kind=kind,
            rows=stage.rows,
            applied_at=timezone.now(),
            applied_by=actor,
        )
        batch.created_rows, batch.updated_rows = stage.apply(batch.pk)
        batch.save(update_fields=["created_rows", "updated_rows"])
        publish_recent(stage)
        log_action(
            "records.importbatch.imported",
            actor=actor,
            obj=batch,
            data={
                "kind": kind,
                "rows": batch.rows,
                "added": batch.created_rows,
                "corrected": batch.updated_rows,
            },
        )
    return batch


CHANGES = (PaymentPart.ADJUSTMENT, PaymentPart.BACK_PAY, PaymentPart.DEDUCTION)
RECENT_MONTHS = 3


def publish_recent(stage: Stage) -> None:
    """Tell later apps (notify) what the file recorded of recent months (core.events), one event per
    person and month: a contribution received (paid, or paid late) and a benefit paid, with the amount and
    what of it was an adjustment, back pay or deduction (why the amount changed). `period` is the month:
    told once. Older months are history being loaded, not news: a province's file of every month since
    2014 would otherwise queue a notice for each."""
    totals: dict[tuple, dict] = {}
    since = add_months(timezone.localdate(), -RECENT_MONTHS)  # the last three months and this one
    if stage.kind == BatchKind.CONTRIBUTIONS:
        for line in stage.lines_since(since):
            if line["state"] in CREDITED_STATES:
                row = totals.setdefault((line["person_id"], line["month"]), {"amount": Decimal(0)})
                row["amount"] += line["employer_amount"] + line["personal_amount"]
        _publish("records.contribution.received", totals)
        return
    lines = [line for line in stage.lines_since(since) if line["state"] == PaymentState.PAID]
    recipients = Recipient.objects.filter(pk__in={line["recipient_id"] for line in lines})
    person_of = dict(recipients.values_list("pk", "person_id"))
    for line in lines:
        row = totals.setdefault(
            (person_of[line["recipient_id"]], line["month"]), {"amount": Decimal(0), "change": Decimal(0)}
        )
        row["amount"] += line["amount"]
        if line["part"] in CHANGES:
            row["change"] += line["amount"]
    _publish("records.benefit.paid", totals)


def _publish(name: str, totals: dict[tuple, dict]) -> None:
    """One event per (person, month), CHUNK at a time: the subscribers write a chunk's notices together
    (events.publish_many), where a month's file for a province's recipients is millions of events."""
    items = [
        (person_id, {"period": f"{month:%Y-%m}", "month": f"{month:%Y-%m}"}
         | {field: f"{amount:.2f}" for field, amount in row.items()})
        for (person_id, month), row in sorted(totals.items())
    ]  # fmt: skip
    for start in range(0, len(items), CHUNK):
        events.publish_many(name, items[start : start + CHUNK])
