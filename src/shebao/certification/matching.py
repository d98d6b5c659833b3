"""The silent comparison as one relational step, written once in SQL and run by DuckDB in-process (the
embedded default) or by Apache Spark (a province's cluster; local mode in the tests): evidence ⋈
recipients on the normalised document number (as its 17-digit key), deaths first, the latest sign of
life per recipient.

Only the file readers and a few names differ between the engines (DIALECTS: the regular-expression
function, the text type, integer division, the date arithmetic of the latest sign of life). Output:
Parquet, one row per recipient with valid evidence in the window, sorted by recipient:
`recipient_id, last_life, life_sources, last_life_file, death_date, death_source`.

    python -m shebao.certification.matching --engine duckdb|spark --recipients R.parquet \\
        --until 2026-12-01 --out OUT.parquet FILE...
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from shebao.certification.evidence import (
    EVENTS,
    SOURCES,
    duckdb_reader,
    is_parquet,
    normalised_ids_sql,
    sql_text,
)

PathOrText = TypeVar("PathOrText", Path, str, Path | str)
TRY_DATE = "TRY_CAST({} AS DATE)"
TRY_BIGINT = "TRY_CAST({} AS BIGINT)"
DIALECTS = {
    "duckdb": {"regex": "regexp_matches", "text": "VARCHAR", "to_date": TRY_DATE, "to_bigint": TRY_BIGINT,
               "div": "({} // {})", "days": "({} - DATE '1900-01-01')"},
    "spark": {"regex": "regexp_like", "text": "STRING", "to_date": TRY_DATE, "to_bigint": TRY_BIGINT,
              "div": "({} div {})", "days": "datediff({}, DATE '1900-01-01')"},
    # Not an engine of the product: the benchmark runs the same query on PostgreSQL as its baseline.
    "postgres": {
        "regex": "regexp_like", "text": "TEXT", "div": "({} / {})", "days": "({} - DATE '1900-01-01')",
        "to_date": "(CASE WHEN {0} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' THEN {0}::date END)",
        "to_bigint": "(CASE WHEN {0} ~ '^[0-9]{{1,18}}$' THEN {0}::bigint END)",
        # PostgreSQL inlines a subquery's expressions wherever they are used (the 17 digits of the check
        # character would parse the number 17 times): OFFSET 0 keeps the parsed numbers computed once.
        "fence": " OFFSET 0",
    },
}  # fmt: skip
# Why a bad row is bad, as the classified table holds it (NULL: good): its position here.
PROBLEMS = ("bad_id_number", "bad_date", "bad_event", "bad_source")
ENGINES = ("duckdb", "spark")


def in_name_order(files: Sequence[PathOrText]) -> list[PathOrText]:
    """The files as the query numbers them: by name, so that a file's number orders as its name does
    (the tie-break between signs of life on the same day)."""
    return sorted(files, key=file_name)


def file_name(path: Path | str) -> str:
    return str(path).rsplit("/", 1)[-1]


def raw_part(engine: str, source_sql: str, file_no: int) -> str:
    """One file's rows, every column as text (CSV gives text, Parquet may give dates, and the union of
    the two must have one type per column), and the file's number in name order."""
    text = DIALECTS[engine]["text"]
    cols = ", ".join(f"CAST({c} AS {text}) AS {c}" for c in ("id_number", "event_date", "event", "source"))
    return f"SELECT {cols}, CAST({file_no} AS SMALLINT) AS file_no FROM {source_sql}"


def _one_of(column: str, values) -> str:
    # Written as equalities, not IN (...): DuckDB 2.0's IN-clause optimiser fails to bind this query
    # ("Failed to bind column reference") when Parquet and CSV files are read together.
    return "(" + " OR ".join(f"{column} = '{v}'" for v in values) + ")"


def id_key_sql(engine: str, column: str) -> str:
    """A valid 18-character number's first 17 digits as a BIGINT: they decide the 18th (the check
    character), so they identify the number, and an integer joins faster than the text (the join of 40
    million rows was 21 s of a 30 s match on the text). Only for numbers known valid: evidence after
    classification, recipients as recipients_export writes them (18 characters, from checked documents)."""
    return DIALECTS[engine]["to_bigint"].format(f"substr({column}, 1, 17)")


def _code(column: str, values: Sequence[str]) -> str:
    """The value's position in `values` as a SMALLINT (NULL when it is none of them)."""
    whens = " ".join(f"WHEN {sql_text(v)} THEN {i}" for i, v in enumerate(values))
    return f"CAST(CASE {column} {whens} END AS SMALLINT)"


def _name(column: str, values: Sequence[str]) -> str:
    """The name at the position the column holds (the inverse of _code)."""
    whens = " ".join(f"WHEN {i} THEN {sql_text(v)}" for i, v in enumerate(values))
    return f"CASE {column} {whens} END"


def classified_sql(engine: str) -> str:
    """Every evidence row, normalised, with the reason it is bad (NULL when good). Only numbers are kept:
    the document number's key, the source's position in SOURCES (sorted, so numbers order as names do),
    the file's number, whether it is a death: about 20 bytes a row instead of about 80 with the texts. At
    6 M × 40 M the table went from 2.1 GB (0.8 GB of it spilled to disk) to 0.9 GB in memory, and the
    classification from 22.5 to 15.2 s."""
    d = DIALECTS[engine]
    problem = ((0, "id_key IS NULL"), (1, "event_date IS NULL"),
               (2, f"event IS NULL OR NOT {_one_of('event', EVENTS)}"), (3, "source_no IS NULL"))  # fmt: skip
    return f"""
        SELECT id_key, event_date, event = 'death' AS death, source_no, file_no,
               CAST(CASE {" ".join(f"WHEN {test} THEN {code}" for code, test in problem)} END AS SMALLINT)
                   AS problem
        FROM (
            SELECT id_key, {d["to_date"].format(f"trim(CAST(event_date AS {d['text']}))")} AS event_date,
                   lower(trim(CAST(event AS {d["text"]}))) AS event,
                   {_code(f"lower(trim(CAST(source AS {d['text']})))", SOURCES)} AS source_no,
                   file_no
            FROM ({normalised_ids_sql("evidence_raw", "id_number", d)}) ids
        ) normalised
    """


def match_sql(until: date, engine: str, files: Sequence[str]) -> str:
    """Deaths first; signs of life after the last certification, up to the run day and not after a death.
    Ties are broken by source and file name, so every engine and every re-run gives the same rows.
    `files`: the names in the order of their numbers.

    The join with the recipients is written twice, not once in a CTE that both sides read: DuckDB
    materialised such a CTE (27 million rows at 6 M × 40 M), while written twice the deaths' side filters
    the death rows before its join. With the small classified table, the match went from 34.1 to 7.4 s."""
    d = DIALECTS[engine]
    in_window = f"c.problem IS NULL AND c.event_date <= DATE '{until.isoformat()}'"
    recipients = f"(SELECT recipient_id, since, {id_key_sql(engine, 'id_number')} AS id_key FROM recipients)"
    bits = " ".join(f"WHEN {i} THEN {1 << i}" for i in range(len(SOURCES)))
    names = ", ".join(f"CASE WHEN (sources & {1 << i}) <> 0 THEN '{s}' END" for i, s in enumerate(SOURCES))
    # The latest sign of life, ties to the first source then the first file, as one number whose maximum
    # is that row: its day, then the source and the file counted down. One max() instead of a window or
    # an engine's own arg-min over a tuple, and the same in every engine.
    n_files, n_sources = len(files), len(SOURCES)
    rank = (f"CAST({d['days'].format('c.event_date')} AS BIGINT) * {n_sources * n_files} "
            f"+ ({n_sources - 1} - c.source_no) * {n_files} + ({n_files - 1} - c.file_no)")  # fmt: skip
    return f"""
        WITH deaths AS (
            SELECT recipient_id, event_date AS death_date, source_no FROM (
                SELECT r.recipient_id, c.event_date, c.source_no,
                       row_number() OVER (PARTITION BY r.recipient_id
                                          ORDER BY c.event_date, c.source_no, c.file_no) AS k
                FROM classified c JOIN {recipients} r ON c.id_key = r.id_key
                WHERE {in_window} AND c.death
            ) ranked WHERE k = 1
        ),
        latest AS (
            SELECT r.recipient_id, max(c.event_date) AS last_life, max({rank}) AS latest_rank,
                   bit_or(CASE c.source_no {bits} END) AS sources
            FROM classified c JOIN {recipients} r ON c.id_key = r.id_key
            LEFT JOIN deaths d ON r.recipient_id = d.recipient_id
            WHERE {in_window} AND NOT c.death AND c.event_date > r.since
              AND (d.death_date IS NULL OR c.event_date <= d.death_date)
            GROUP BY r.recipient_id
        )
        SELECT coalesce(l.recipient_id, d.recipient_id) AS recipient_id, l.last_life,
               CASE WHEN l.recipient_id IS NOT NULL THEN concat_ws(',', {names}) END AS life_sources,
               {_name(f"{n_files - 1} - l.latest_rank % {n_files}", files)} AS last_life_file,
               d.death_date, {_name("d.source_no", SOURCES)} AS death_source
        FROM latest l FULL JOIN deaths d ON l.recipient_id = d.recipient_id
        ORDER BY 1
    """


# Rows read by file and reason (-1: good), as report_counts names them.
REPORT_SQL = "SELECT file_no, coalesce(problem, -1) AS problem, count(*) AS n FROM classified GROUP BY 1, 2"


def report_counts(rows, files: Sequence[str]) -> list[tuple[str, str, int]]:
    """REPORT_SQL's numbers as (file name, reason or 'ok', count)."""
    return [(files[f], PROBLEMS[p] if p >= 0 else "ok", int(n)) for f, p, n in rows]


@dataclass
class MatchReport:
    engine: str
    rows_read: int = 0
    bad_rows: dict[str, dict[str, int]] = field(default_factory=dict)  # file -> reason -> count
    certified: int = 0  # recipients with a sign of life in the window (and no death)
    by_source: dict[str, int] = field(default_factory=dict)
    by_number_of_sources: dict[str, int] = field(default_factory=dict)
    deaths: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def bad_rows_by_file(counts) -> dict[str, dict[str, int]]:
    """REPORT_SQL's (file, problem, count) rows as file -> reason -> count, the good rows left out."""
    bad: dict[str, dict[str, int]] = {}
    for file, problem, n in counts:
        if problem != "ok":
            bad.setdefault(file, {})[problem] = int(n)
    return bad


def _report(engine: str, counts: list[tuple[str, str, int]], out: Path) -> MatchReport:
    """The counts from the classification (report_counts), and the outcome read back from the output."""
    report = MatchReport(engine=engine, rows_read=sum(int(n) for _f, _p, n in counts))
    report.bad_rows = bad_rows_by_file(counts)
    return outcome_read(report, out)


def outcome_read(report: MatchReport, out: Path | str) -> MatchReport:
    """Who was certified, by source and number of sources, and the deaths, read from the output: one
    Parquet file, or a glob over a cluster's directory of parts."""
    import duckdb

    con = duckdb.connect()
    # Counted by set of sources in the query: a few dozen rows reach Python, not one per recipient.
    rows = con.execute(
        "SELECT life_sources, count(*) FROM read_parquet(?) "
        "WHERE death_date IS NULL AND last_life IS NOT NULL GROUP BY life_sources",
        [str(out)],
    ).fetchall()
    deaths = con.execute("SELECT count(*) FROM read_parquet(?) WHERE death_date IS NOT NULL", [str(out)])
    report.deaths = int((deaths.fetchone() or (0,))[0])
    for sources, n in rows:
        names = sources.split(",")
        report.certified += n
        for name in names:
            report.by_source[name] = report.by_source.get(name, 0) + n
        key = str(len(names))
        report.by_number_of_sources[key] = report.by_number_of_sources.get(key, 0) + n
    return report


def run_duckdb(evidence: list[Path], recipients: Path, out: Path, *, until: date, memory_limit: str,
               temp_dir: Path | None) -> MatchReport:  # fmt: skip
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET threads = 2")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")  # a batch job's output is its report, not a bar
    if temp_dir is not None:
        con.execute(f"SET temp_directory = {sql_text(temp_dir)}")
    evidence = in_name_order(evidence)
    parts = [raw_part("duckdb", duckdb_reader(p), i) for i, p in enumerate(evidence)]
    con.execute("CREATE TEMP VIEW evidence_raw AS " + " UNION ALL ".join(parts))
    con.execute(f"CREATE TEMP VIEW recipients AS SELECT * FROM read_parquet({sql_text(recipients)})")
    # Classified once into a table (spilled to disk beyond the memory limit): the match and the report
    # both read it, and as a view the numbers would be normalised twice.
    con.execute("CREATE TEMP TABLE classified AS " + classified_sql("duckdb"))
    names = [file_name(p) for p in evidence]
    con.execute(f"COPY ({match_sql(until, 'duckdb', names)}) TO {sql_text(out)} (FORMAT PARQUET)")
    return _report("duckdb", report_counts(con.execute(REPORT_SQL).fetchall(), names), out)


def spark_session(memory: str = "2g"):
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("shebao-silent-certification")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def run_spark(evidence: Sequence[Path | str], recipients: Path | str, out: Path | str, *, until: date,
              session=None) -> MatchReport:  # fmt: skip
    """The same SQL on Spark. Paths may be HDFS or S3 addresses on a cluster; locally the output is
    gathered into one Parquet file."""
    spark = session or spark_session()
    spark.sparkContext.setLogLevel("ERROR")
    parts = []
    evidence = in_name_order(evidence)
    for i, path in enumerate(evidence):
        reader = (
            spark.read.parquet(str(path))
            if is_parquet(path)
            else spark.read.option("header", True).csv(str(path))
        )
        reader.createOrReplaceTempView(f"evidence_{i}")
        parts.append(raw_part("spark", f"evidence_{i}", i))
    spark.sql("CREATE OR REPLACE TEMP VIEW evidence_raw AS " + " UNION ALL ".join(parts))
    spark.read.parquet(str(recipients)).createOrReplaceTempView("recipients")
    spark.sql("CREATE OR REPLACE TEMP VIEW classified AS " + classified_sql("spark"))
    names = [file_name(p) for p in evidence]
    matched = spark.sql(match_sql(until, "spark", names))
    counts = report_counts(spark.sql(REPORT_SQL).collect(), names)
    if "://" in str(out):  # a cluster's storage: Spark writes its own directory of parts
        matched.write.mode("overwrite").parquet(str(out))
        # The outcome is counted where the directory is written back (certify-silent-apply).
        rows_read = sum(int(c[2]) for c in counts)
        return MatchReport(engine="spark", rows_read=rows_read, bad_rows=bad_rows_by_file(counts))
    with tempfile.TemporaryDirectory() as scratch:
        parts_dir = Path(scratch) / "parts"
        matched.write.mode("overwrite").parquet(str(parts_dir))
        _gather(parts_dir, Path(out))
    return _report("spark", counts, Path(out))


def _gather(parts_dir: Path, out: Path) -> None:
    import duckdb

    parts = sql_text(f"{parts_dir}/*.parquet")
    ordered = f"SELECT * FROM read_parquet({parts}) ORDER BY recipient_id"
    duckdb.connect().execute(f"COPY ({ordered}) TO {sql_text(out)} (FORMAT PARQUET)")


def run(evidence: list[Path], recipients: Path, out: Path, *, until: date, engine: str = "duckdb",
        memory_limit: str = "3GB", temp_dir: Path | None = None) -> MatchReport:  # fmt: skip
    if engine == "duckdb":
        return run_duckdb(
            evidence, recipients, out, until=until, memory_limit=memory_limit, temp_dir=temp_dir
        )
    if engine == "spark":
        return run_spark(evidence, recipients, out, until=until)
    raise ValueError(f"unknown engine {engine!r}: duckdb or spark")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=ENGINES, default="duckdb")
    parser.add_argument("--recipients", required=True)
    parser.add_argument("--until", required=True, type=date.fromisoformat)
    parser.add_argument("--out", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    local = args.engine == "duckdb"
    files = [Path(f) if local else f for f in args.files]
    report = run(files, args.recipients, args.out, until=args.until, engine=args.engine)
    json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
