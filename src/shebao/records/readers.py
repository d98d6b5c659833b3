"""Reading ledger files as rows of text: CSV (UTF-8, with or without a BOM, as Excel writes it), XLSX
(openpyxl, read-only) and Parquet (DuckDB, which reads it without pyarrow). Every reader yields
(line number, {column: text}) with the header as line 1, so a bad line is named as a spreadsheet shows it.
Cells are turned into text here, the one place that knows each format's types, so the validation that
follows sees the same thing whichever format the core system sent."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from shebao.core.errors import ValidationFailed

Row = tuple[int, dict[str, str]]
FORMATS = (".csv", ".xlsx", ".parquet")
PARQUET_BATCH = 10_000


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):  # an ID or account number a spreadsheet stored as a number
        return str(value)
    if isinstance(value, float):
        # The shortest text that reads back as this float: 5000.0 → "5000.0", 0.1 → "0.1".
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def _header(names) -> list[str]:
    return [cell_text(name).lower() for name in names]


def read_csv(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = _header(next(reader, []))
        for number, values in enumerate(reader, start=2):
            if any(v.strip() for v in values):
                yield number, dict(zip(header, (v.strip() for v in values), strict=False))


def read_xlsx(path: Path) -> Iterator[Row]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = _header(next(rows, ()))
        for number, values in enumerate(rows, start=2):
            texts = [cell_text(v) for v in values]
            if any(texts):
                yield number, dict(zip(header, texts, strict=False))
    finally:
        book.close()


def read_parquet(path: Path) -> Iterator[Row]:
    import duckdb

    with duckdb.connect() as con:
        cursor = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
        header = _header(column[0] for column in cursor.description)
        number = 1
        while batch := cursor.fetchmany(PARQUET_BATCH):
            for values in batch:
                number += 1
                yield number, dict(zip(header, (cell_text(v) for v in values), strict=False))


def read_rows(path: Path) -> Iterator[Row]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix == ".parquet":
        return read_parquet(path)
    raise ValidationFailed(
        _("Send the file as CSV, XLSX or Parquet."), fields={"file": path.name}, code="unknown_format"
    )
