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
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from shebao.core import events
from shebao.core.audit import log_action
from shebao.people.models import Recipient
from shebao.records.bulk import insert_rows
from shebao.records.importer import CHUNK, ImportRefused, Parsed, parse
from shebao.records.models import (
    CREDITED_STATES,
    BatchKind,
    BenefitPayment,
    ContributionMonth,
    ImportBatch,
    PaymentPart,
    PaymentState,
)
from shebao.records.readers import read_rows

BULK = 1000


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
    names every bad line)."""
    sha = file_sha256(path)
    earlier = ImportBatch.objects.filter(sha256=sha).first()
    if earlier is not None:
        return ImportResult(earlier, already_applied=True)
    parsed = parse(read_rows(path), kind)
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                file_name=(file_name or path.name)[:255],
                sha256=sha,
                kind=kind,
                rows=len(parsed.rows),
                applied_at=timezone.now(),
                applied_by=actor,
            )
            apply_lines(batch, parsed)
            publish_lines(parsed)
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
    except IntegrityError:  # the same file applied concurrently: the unique hash
        return ImportResult(ImportBatch.objects.get(sha256=sha), already_applied=True)
    return ImportResult(batch, already_applied=False)


def apply_lines(batch: ImportBatch, parsed: Parsed) -> None:
    """Add new lines (records.bulk: one INSERT run for many rows) and correct changed ones, chunk by
    chunk (one query finds a chunk's existing lines)."""
    model, key_fields = _ledger(parsed.kind)
    value_fields = None
    items = list(parsed.rows.items())
    for start in range(0, len(items), CHUNK):
        chunk = dict(items[start : start + CHUNK])
        existing = {_key(row, key_fields): row for row in model.objects.filter(_matching(chunk, key_fields))}
        new, changed = [], []
        for key, values in chunk.items():
            value_fields = value_fields or list(values)
            row = existing.get(key)
            if row is None:
                new.append((*key, *values.values(), batch.pk))
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                row.batch = batch
                changed.append(row)
        if new:
            insert_rows(model, [*key_fields, *value_fields, "batch_id"], new)
        if changed:
            model.objects.bulk_update(changed, [*value_fields, "batch"], batch_size=BULK)
        batch.created_rows += len(new)
        batch.updated_rows += len(changed)
    batch.save(update_fields=["created_rows", "updated_rows"])


def _ledger(kind: str):
    if kind == BatchKind.CONTRIBUTIONS:
        return ContributionMonth, ("person_id", "scheme", "month", "employer_id")
    return BenefitPayment, ("recipient_id", "month", "part")


def _key(row, key_fields) -> tuple:
    return tuple(getattr(row, name) for name in key_fields)


def _matching(chunk: dict, key_fields) -> Q:
    """A filter that finds at least the chunk's existing lines: by the owners and months named in it."""
    owner = key_fields[0]
    return Q(**{f"{owner}__in": {key[0] for key in chunk}}) & Q(
        month__in={key[key_fields.index("month")] for key in chunk}
    )


CHANGES = (PaymentPart.ADJUSTMENT, PaymentPart.BACK_PAY, PaymentPart.DEDUCTION)


def publish_lines(parsed: Parsed) -> None:
    """Tell later apps (notify) what the file recorded (core.events), one event per person and month:
    a contribution received (paid, or paid late) and a benefit paid, with the amount and what of it was an
    adjustment, back pay or deduction (why the amount changed). `period` is the month: told once."""
    totals: dict[tuple, dict] = {}
    if parsed.kind == BatchKind.CONTRIBUTIONS:
        for (person_id, _scheme, month, _employer), values in parsed.rows.items():
            if values["state"] in CREDITED_STATES:
                row = totals.setdefault((person_id, month), {"amount": Decimal(0)})
                row["amount"] += values["employer_amount"] + values["personal_amount"]
        for (person_id, month), row in sorted(totals.items()):
            events.publish("records.contribution.received", person_id=person_id, period=f"{month:%Y-%m}",
                           month=f"{month:%Y-%m}", amount=f"{row['amount']:.2f}")  # fmt: skip
        return
    person_of = dict(
        Recipient.objects.filter(pk__in={key[0] for key in parsed.rows}).values_list("pk", "person_id")
    )
    for (recipient_id, month, part), values in parsed.rows.items():
        if values["state"] == PaymentState.PAID:
            row = totals.setdefault(
                (person_of[recipient_id], month), {"amount": Decimal(0), "change": Decimal(0)}
            )
            row["amount"] += values["amount"]
            if part in CHANGES:
                row["change"] += values["amount"]
    for (person_id, month), row in sorted(totals.items()):
        events.publish("records.benefit.paid", person_id=person_id, period=f"{month:%Y-%m}",
                       month=f"{month:%Y-%m}", amount=f"{row['amount']:.2f}",
                       change=f"{row['change']:.2f}")  # fmt: skip
