"""A silent run's certifications written back set-based, one chunk per transaction: the chunk's rows are
staged in a temporary table (`records.bulk.copy_rows`: COPY on PostgreSQL, executemany on SQLite), then
three statements write every row at once: the certifications (a row already written by an earlier
attempt of the same run is left alone), the recipients' next due dates, and their cycles (inserted or
updated).

Django's bulk_update writes a CASE WHEN per row and object; at 2,000 rows a chunk it cost 70% of the
write-back, which ran at ~1,200 rows/s on PostgreSQL (benchmarks/bench_silent_write_back.py)."""

from __future__ import annotations

from datetime import date

from django.db import connection, models
from django.utils import timezone

from shebao.certification.models import Certification, Cycle
from shebao.certification.states import Method
from shebao.people.models import Recipient
from shebao.records.bulk import copy_rows

STAGE = "certification_silent_stage"
_STAGED = ("recipient_id", "certified_on", "evidence_source", "evidence_file", "next_due")
_STAGE_TABLE = f"""CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE} (
    recipient_id bigint PRIMARY KEY, certified_on date NOT NULL, evidence_source varchar(60) NOT NULL,
    evidence_file varchar(255) NOT NULL, next_due date NOT NULL)"""

Staged = tuple[int, date, str, str, date]


def _stage(cursor, rows: list[Staged]) -> None:
    cursor.execute(_STAGE_TABLE)
    cursor.execute(f"DELETE FROM {STAGE}")  # noqa: S608 (our constant)
    copy_rows(STAGE, _STAGED, rows)


def _insert_from_stage(cursor, model: type[models.Model], staged: dict[str, str], constants: dict,
                       conflict: str) -> None:  # fmt: skip
    """INSERT ... SELECT over the stage into every column of `model`: a staged expression, a constant, or
    the model's own default (so a field added to the model is never left to the database to refuse)."""
    quote = connection.ops.quote_name
    columns, values, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(quote(field.column))
        if field.name in staged:
            values.append(staged[field.name])
            continue
        if field.name in constants:
            value = constants[field.name]
        elif getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            value = timezone.now()
        else:
            value = field.get_default()
        params.append(field.get_db_prep_save(value, connection))
        # PostgreSQL types a bare parameter in a SELECT list as text; SQLite's CAST would change affinity.
        values.append(
            f"CAST(%s AS {field.db_type(connection)})" if connection.vendor == "postgresql" else "%s"
        )
    table = quote(model._meta.db_table)
    # SQLite parses INSERT ... SELECT ... ON CONFLICT only with a WHERE clause before the ON CONFLICT.
    select = f"SELECT {', '.join(values)} FROM {STAGE} WHERE 1 = 1"  # noqa: S608
    cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) {select} {conflict}", params)


def certified_write(run_id: int, rows: list[Staged]) -> None:
    """Certify each staged recipient on its day, move its next due date and its cycle. In the caller's
    transaction (the chunk's)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        _stage(cursor, rows)
        _insert_from_stage(
            cursor, Certification,
            staged={"recipient": "recipient_id", "certified_on": "certified_on",
                    "evidence_date": "certified_on", "evidence_source": "evidence_source",
                    "evidence_file": "evidence_file"},
            constants={"method": Method.SILENT, "run": run_id},
            conflict="ON CONFLICT DO NOTHING",  # certification_once_per_run: an earlier attempt's row stays
        )  # fmt: skip
        recipients = quote(Recipient._meta.db_table)
        cursor.execute(
            f"UPDATE {recipients} SET {quote('next_certification_due')} = s.next_due "  # noqa: S608
            f"FROM {STAGE} AS s WHERE {recipients}.{quote('id')} = s.recipient_id"
        )
        _insert_from_stage(
            cursor, Cycle,
            staged={"recipient": "recipient_id", "last_certified_on": "certified_on"},
            constants={"last_method": Method.SILENT},
            conflict="ON CONFLICT (recipient_id) DO UPDATE SET "
                     "last_certified_on = excluded.last_certified_on, last_method = excluded.last_method",
        )  # fmt: skip
