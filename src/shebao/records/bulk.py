"""Fast inserts of many ledger lines: one prepared INSERT run with executemany, values adapted per
database, no model instances. bulk_create spends most of its time building instances and preparing each
field of each row (about 10,000 rows a second on SQLite here); this is for the demo's half a million lines
and, next, the import benchmark. Constraints are still the database's: a bad row fails the statement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from itertools import islice

from django.db import connection

BATCH = 5000


def _sqlite_value(value):
    # What Django's SQLite backend stores for these types (dates as ISO text, decimals as numbers).
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple], *, batch: int = BATCH) -> int:
    """INSERT `rows` (tuples in the order of `columns`, database column names) into `model`'s table."""
    known = {field.column for field in model._meta.concrete_fields}
    if not set(columns) <= known:
        raise ValueError(f"not columns of {model._meta.label}: {set(columns) - known}")
    quote = connection.ops.quote_name
    # Only the model's own table and column names are formatted in; every value is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    adapt = connection.vendor == "sqlite"
    count, rows = 0, iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, batch)):
            if adapt:
                chunk = [tuple(_sqlite_value(v) for v in row) for row in chunk]
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count
