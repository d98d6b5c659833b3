"""Evidence files from other departments (medical-insurance settlements and hospital visits, public-transport
card use, civil-affairs and public-security death and household records, bank activity), as silent
certification reads them.

One layout for every source: `id_number`, `event_date` (a date or YYYY-MM-DD), `event` (`life` or `death`),
`source` (one of SOURCES); other columns are ignored. CSV (UTF-8, with a header) or Parquet. A file that
cannot be read or lacks a column is refused whole; a bad row is counted by reason and never used."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

REQUIRED_COLUMNS = ("id_number", "event_date", "event", "source")
SOURCES = ("bank", "civil_affairs", "medical", "public_security", "transit")  # sorted: the report's order
EVENTS = ("life", "death")
# The 17 weights of GB 11643's check character (ISO 7064 MOD 11-2), and the characters for each remainder.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


SOURCE_LABELS = {
    "bank": _("Bank activity"),
    "civil_affairs": _("Civil affairs (deaths, marriages)"),
    "medical": _("Medical insurance (settlements, hospital visits)"),
    "public_security": _("Public security (household register)"),
    "transit": _("Public transport card"),
}
PROBLEM_LABELS = {
    "bad_id_number": _("not a valid ID number"),
    "bad_date": _("not a valid date"),
    "bad_event": _("event is not life or death"),
    "bad_source": _("unknown source"),
}


class EvidenceRefused(ValueError):
    def __init__(self, path: Path | str, reason):
        self.path, self.reason = Path(str(path)), reason
        super().__init__(str(reason))


def sql_text(value: Path | str) -> str:
    """A file name or path as an SQL string literal (quotes doubled): the SQL of this step is built from
    our constants and such literals only, never from a file's contents."""
    return "'" + str(value).replace("'", "''") + "'"


def is_parquet(path: Path | str) -> bool:
    return str(path).lower().endswith((".parquet", ".parq"))


def duckdb_reader(path: Path | str) -> str:
    """The DuckDB table function that reads the file: every CSV column as text, checked in the query."""
    if is_parquet(path):
        return f"read_parquet({sql_text(path)})"
    return f"read_csv({sql_text(path)}, header = true, all_varchar = true, auto_detect = true)"


def check_structure(path: Path | str) -> None:
    """Refuse the whole file when it cannot be read or lacks a required column."""
    import duckdb

    if not Path(str(path)).is_file():
        raise EvidenceRefused(path, _("%(file)s cannot be found.") % {"file": Path(str(path)).name})
    try:
        query = f"DESCRIBE SELECT * FROM {duckdb_reader(path)}"
        described = duckdb.connect().execute(query).fetchall()
    except duckdb.Error as error:
        raise EvidenceRefused(
            path, _("%(file)s cannot be read as CSV or Parquet.") % {"file": Path(str(path)).name}
        ) from error
    columns = {row[0].strip().lower() for row in described}
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            raise EvidenceRefused(
                path,
                _("%(file)s lacks the column %(column)s.") % {"file": Path(str(path)).name, "column": column},
            )


DUCKDB_DIV = "({} // {})"  # integer division; Spark writes it `div`, PostgreSQL `/` on integers


def check_character_sql(body: str, div: str = DUCKDB_DIV) -> str:
    """The check character of an 18-digit number from `body`, its first 17 digits as a BIGINT: integer
    arithmetic, which every engine runs fast (17 string slices per row cost ten times more)."""
    terms = " + ".join(f"({div.format(body, 10 ** (16 - i))} % 10) * {w}" for i, w in enumerate(WEIGHTS))
    return f"substr('{CHECK_CHARACTERS}', CAST((({terms}) % 11) + 1 AS INTEGER), 1)"


def normalised_ids_sql(source: str, column: str, dialect: dict) -> str:
    """`SELECT *, id_norm, id_key FROM source`: the document number as 18 characters with a capital X, an
    old 15-digit number converted (insert '19' after the area code, add the check character), or NULL when
    it is no valid resident ID number; id_key: its first 17 digits as a BIGINT (the join key: they decide
    the 18th). In steps, so that each number is cleaned and parsed once."""
    regex, text, to_bigint, div = (dialect[k] for k in ("regex", "text", "to_bigint", "div"))
    old = "concat(substr(id_upper, 1, 6), '19', substr(id_upper, 7, 9))"
    cleaned = f"SELECT *, upper(trim(CAST({column} AS {text}))) AS id_upper FROM {source}"
    # The length first: a regular expression costs more than the rest of the step, and most numbers are
    # 18 characters long, so the 15-digit pattern and conversion run only on the few that are 15.
    parsed = (
        f"SELECT *, (length(id_upper) = 18 AND {regex}(id_upper, '^[0-9]{{17}}[0-9X]$')) AS is_18, "
        f"(length(id_upper) = 15 AND {regex}(id_upper, '^[0-9]{{15}}$')) AS is_15, "
        f"{to_bigint.format('substr(id_upper, 1, 17)')} AS body_18, "
        f"CASE WHEN length(id_upper) = 15 THEN {to_bigint.format(old)} END AS body_15 "
        f"FROM ({cleaned}) cleaned{dialect.get('fence', '')}"
    )
    valid_18 = f"is_18 AND substr(id_upper, 18, 1) = {check_character_sql('body_18', div)}"
    return (
        f"SELECT *, CASE WHEN {valid_18} THEN id_upper "
        f"WHEN is_15 THEN concat({old}, {check_character_sql('body_15', div)}) END AS id_norm, "
        f"CASE WHEN {valid_18} THEN body_18 WHEN is_15 THEN body_15 END AS id_key "
        f"FROM ({parsed}) parsed"
    )
