"""A file's checked lines, held in a temporary table between checking and applying.

The import is all or nothing and must not depend on the file fitting in memory (a province's history is
ten million months; held as Python objects, about 19 GB). So the importer checks a chunk at a time and
stages the valid lines here (COPY on PostgreSQL, executemany on SQLite); the database then finds what
needs the whole file (a line repeating an earlier line's key), and applies the file in two statements:
the lines it corrects (same key, other values: the core system is the system of record) and the lines it
adds. A refused file leaves the ledger as it was: only the stage was written, and it is dropped.

The stage is a TEMPORARY table: one per database connection, so two imports at once never see each
other's lines, and a process that dies leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from django.db import DatabaseError, connection

from shebao.records.bulk import copy_rows
from shebao.records.importer import COLUMNS, KEY
from shebao.records.models import BatchKind, BenefitPayment, ContributionMonth

STAGE = "records_import_stage"


def ledger_of(kind: str):
    return ContributionMonth if kind == BatchKind.CONTRIBUTIONS else BenefitPayment


class Stage:
    """with Stage(kind) as stage: stage.add(lines) ...; the table is gone after the block."""

    def __init__(self, kind: str):
        self.kind = kind
        self.model = ledger_of(kind)
        self.columns, self.key = COLUMNS[kind], KEY[kind]
        self.values = self.columns[len(self.key) :]
        fields = {f.column: f for f in self.model._meta.concrete_fields}
        self.fields = {column: fields[column] for column in self.columns}
        self.types = {column: field.db_type(connection) for column, field in self.fields.items()}
        self.nullable = {column for column, field in self.fields.items() if field.null}
        self.table = connection.ops.quote_name(self.model._meta.db_table)
        self.rows = 0  # lines staged

    def __enter__(self) -> Stage:
        definition = ", ".join(f"{column} {self.types[column]}" for column in self.columns)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
            cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} (line integer NOT NULL, {definition})")
        return self

    def __exit__(self, error_type, error, trace) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {STAGE}")
        except DatabaseError:
            # After a database error PostgreSQL refuses every statement until the rollback, which takes
            # the table away; that error, not this one, is the one to tell.
            if error is None:
                raise

    def add(self, lines: Iterable[tuple]) -> None:
        """Stage checked lines, (line number, *COLUMNS[kind]) each."""
        self.rows += copy_rows(STAGE, ("line", *self.columns), lines)

    def _same(self, a: str, b: str, column: str) -> str:
        """`a`.column equals `b`.column, NULL equal to NULL (a flexible worker's month has no employer)."""
        equal = f"{a}.{column} = {b}.{column}"
        if column in self.nullable:
            return f"({equal} OR ({a}.{column} IS NULL AND {b}.{column} IS NULL))"
        return equal

    def _differs(self, a: str, b: str, column: str) -> str:
        """`a`.column differs from `b`.column, NULL from a value too: NOT _same would be NULL, not true,
        for a NULL and a value (a payment day added by a correction)."""
        differ = f"{a}.{column} <> {b}.{column}"
        if column in self.nullable:
            return f"({differ} OR ({a}.{column} IS NULL) <> ({b}.{column} IS NULL))"
        return differ

    def _same_key(self, a: str, b: str) -> str:
        return " AND ".join(self._same(a, b, column) for column in self.key)

    def duplicates(self) -> Iterator[tuple[int, int]]:
        """(line, the first line with the same key) for every line that repeats an earlier one."""
        key = ", ".join(self.key)
        firsts = f"SELECT {key}, MIN(line) AS line FROM {STAGE} GROUP BY {key} HAVING COUNT(*) > 1"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.line, f.line FROM {STAGE} AS s JOIN ({firsts}) AS f "  # noqa: S608
                f"ON {self._same_key('s', 'f')} WHERE s.line > f.line ORDER BY s.line"
            )
            while rows := cursor.fetchmany(1000):
                yield from rows

    def apply(self, batch_id: int) -> tuple[int, int]:
        """Correct the ledger's lines that the file changes, then add the ones it lacks, each line
        pointing at the batch; (added, corrected). Lines the file repeats unchanged keep their batch."""
        batch_id = int(batch_id)  # formatted in: a bare parameter in a SELECT list is untyped on PostgreSQL
        ledger = self.table
        match = self._same_key(ledger, "s")
        changed = " OR ".join(self._differs(ledger, "s", column) for column in self.values)
        assignments = ", ".join(f"{column} = s.{column}" for column in self.values)
        columns = ", ".join(self.columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ledger} SET {assignments}, batch_id = {batch_id} FROM {STAGE} AS s "  # noqa: S608
                f"WHERE {match} AND ({changed})"
            )
            corrected = cursor.rowcount
            cursor.execute(
                f"INSERT INTO {ledger} ({columns}, batch_id) "  # noqa: S608
                f"SELECT {', '.join(f's.{c}' for c in self.columns)}, {batch_id} FROM {STAGE} AS s "
                f"WHERE NOT EXISTS (SELECT 1 FROM {ledger} AS l WHERE {self._same_key('l', 's')})"
            )
            added = cursor.rowcount
        return added, corrected

    def lines_since(self, first_month: date) -> Iterator[dict]:
        """The staged lines of `first_month` and after (or, for contributions, paid since then), as dicts
        of their columns' Python values (SQLite gives a date back as text, an amount as a number)."""
        since = "month >= %s"
        if self.kind == BatchKind.CONTRIBUTIONS:
            since = "(month >= %s OR paid_on >= %s)"
        day = connection.ops.adapt_datefield_value(first_month)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(self.columns)} FROM {STAGE} WHERE {since} ORDER BY line",  # noqa: S608
                [day] * since.count("%s"),
            )
            while rows := cursor.fetchmany(1000):
                for row in rows:
                    yield {column: self.fields[column].to_python(value)
                           for column, value in zip(self.columns, row, strict=True)}  # fmt: skip
