"""Fast inserts of many ledger lines: COPY on PostgreSQL, one prepared INSERT run with executemany on
SQLite, no model instances. bulk_create spends most of its time building instances and preparing each
field of each row (about 10,000 rows a second on SQLite here); this is for the demo's half a million lines
and an import's staged file (records.staging). Constraints are still the database's: a bad row fails the
statement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection

BATCH = 5000


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple], *, batch: int = BATCH) -> int:
    """INSERT `rows` (tuples in the order of `columns`, database column names) into `model`'s table."""
    known = {field.column for field in model._meta.concrete_fields}
    if not set(columns) <= known:
        raise ValueError(f"not columns of {model._meta.label}: {set(columns) - known}")
    return copy_rows(model._meta.db_table, columns, rows, batch=batch)


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[tuple], *, batch: int = BATCH) -> int:
    """Rows into `table` (our own table's name, never a user's text): COPY on PostgreSQL, which takes
    Python's values as they are and is several times faster than INSERTs; one prepared INSERT run on
    SQLite, `batch` rows at a time."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    # Only table and column names are formatted in; every value is a parameter.
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    count, rows = 0, iter(rows)
    with connection.cursor() as cursor:
        # A chunk is taken from `rows` before its statement starts: a generator that queries (the demo's
        # does) would otherwise wait on the connection that the COPY holds, forever.
        while chunk := list(islice(rows, batch)):
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
            else:  # Django's SQLite backend adapts Decimal and date itself (as text)
                cursor.executemany(sql, chunk)
            count += len(chunk)
    return count
