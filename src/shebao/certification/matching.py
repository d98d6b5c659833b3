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

from shebao.certification.evidence import (
    EVENTS,
    SOURCES,
    duckdb_reader,
    is_parquet,
    normalised_ids_sql,
    sql_text,
)

TRY_DATE = "TRY_CAST({} AS DATE)"
TRY_BIGINT = "TRY_CAST({} AS BIGINT)"
# The latest sign of life's file (ties broken by source, then file) as one aggregate: DuckDB and Spark pick
# the row with the least (-days, source, file) tuple, PostgreSQL takes the first of an ordered array.
# With the sources' flags in the same GROUP BY it replaced a row_number() window and a second pass: the
# match at 6 M × 40 M went from 36.9 to 30.9 s (25.7 s with the integer key below).
_LATEST_BY = "min_by(file, {row}(-{days}, source, file))"
DIALECTS = {
    "duckdb": {"regex": "regexp_matches", "text": "VARCHAR", "to_date": TRY_DATE, "to_bigint": TRY_BIGINT,
               "div": "({} // {})",
               "latest_file": _LATEST_BY.format(row="row", days="(event_date - DATE '1970-01-01')")},
    "spark": {"regex": "regexp_like", "text": "STRING", "to_date": TRY_DATE, "to_bigint": TRY_BIGINT,
              "div": "({} div {})",
              "latest_file": _LATEST_BY.format(row="struct", days="datediff(event_date, DATE '1970-01-01')")},
    # Not an engine of the product: the benchmark runs the same query on PostgreSQL as its baseline.
    "postgres": {
        "regex": "regexp_like", "text": "TEXT", "div": "({} / {})",
        "to_date": "(CASE WHEN {0} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' THEN {0}::date END)",
        "to_bigint": "(CASE WHEN {0} ~ '^[0-9]{{1,18}}$' THEN {0}::bigint END)",
        "latest_file": "(array_agg(file ORDER BY event_date DESC, source, file))[1]",
        # PostgreSQL inlines a subquery's expressions wherever they are used (the 17 digits of the check
        # character would parse the number 17 times): OFFSET 0 keeps the parsed numbers computed once.
        "fence": " OFFSET 0",
    },
}  # fmt: skip
ENGINES = ("duckdb", "spark")


def raw_part(engine: str, source_sql: str, name: str) -> str:
    """One file's rows, every column as text: CSV gives text, Parquet may give dates, and the union of
    the two must have one type per column."""
    text = DIALECTS[engine]["text"]
    cols = ", ".join(f"CAST({c} AS {text}) AS {c}" for c in ("id_number", "event_date", "event", "source"))
    return f"SELECT {cols}, {sql_text(name)} AS file FROM {source_sql}"


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


def classified_sql(engine: str) -> str:
    """Every evidence row, normalised, with the reason it is bad (NULL when good) and its number's key
    instead of the number (the match joins on the key; 40 million numbers as text cost seconds to write)."""
    d = DIALECTS[engine]
    return f"""
        SELECT {id_key_sql(engine, "id_number")} AS id_key, event_date, event, source, file,
               CASE WHEN id_number IS NULL THEN 'bad_id_number'
                    WHEN event_date IS NULL THEN 'bad_date'
                    WHEN event IS NULL OR NOT {_one_of("event", EVENTS)} THEN 'bad_event'
                    WHEN source IS NULL OR NOT {_one_of("source", SOURCES)} THEN 'bad_source'
               END AS problem
        FROM (
            SELECT id_norm AS id_number,
                   {d["to_date"].format(f"trim(CAST(event_date AS {d['text']}))")} AS event_date,
                   lower(trim(CAST(event AS {d["text"]}))) AS event,
                   lower(trim(CAST(source AS {d["text"]}))) AS source,
                   file
            FROM ({normalised_ids_sql("evidence_raw", "id_number", d)}) ids
        ) normalised
    """


def match_sql(until: date, engine: str) -> str:
    """Deaths first; signs of life after the last certification, up to the run day and not after a death.
    Ties are broken by source and file name, so every engine and every re-run gives the same rows."""
    flags = ",\n".join(f"max(CASE WHEN source = '{s}' THEN 1 ELSE 0 END) AS has_{s}" for s in SOURCES)
    joined = ", ".join(f"CASE WHEN has_{s} = 1 THEN '{s}' END" for s in SOURCES)
    return f"""
        WITH evidence AS (
            SELECT r.recipient_id, r.since, c.event_date, c.event, c.source, c.file
            FROM classified c
            JOIN (SELECT recipient_id, since, {id_key_sql(engine, "id_number")} AS id_key FROM recipients) r
              ON c.id_key = r.id_key
            WHERE c.problem IS NULL AND c.event_date <= DATE '{until.isoformat()}'
        ),
        deaths AS (
            SELECT recipient_id, event_date AS death_date, source AS death_source FROM (
                SELECT recipient_id, event_date, source,
                       row_number() OVER (PARTITION BY recipient_id ORDER BY event_date, source, file) AS k
                FROM evidence WHERE event = 'death'
            ) ranked WHERE k = 1
        ),
        lives AS (
            SELECT e.recipient_id, e.event_date, e.source, e.file
            FROM evidence e LEFT JOIN deaths d ON e.recipient_id = d.recipient_id
            WHERE e.event = 'life' AND e.event_date > e.since
              AND (d.death_date IS NULL OR e.event_date <= d.death_date)
        ),
        latest AS (
            SELECT recipient_id, max(event_date) AS last_life,
                   {DIALECTS[engine]["latest_file"]} AS last_life_file,
                   {flags}
            FROM lives GROUP BY recipient_id
        )
        SELECT coalesce(l.recipient_id, d.recipient_id) AS recipient_id, l.last_life,
               CASE WHEN l.recipient_id IS NOT NULL THEN concat_ws(',', {joined}) END AS life_sources,
               l.last_life_file, d.death_date, d.death_source
        FROM latest l FULL JOIN deaths d ON l.recipient_id = d.recipient_id
        ORDER BY 1
    """


REPORT_SQL = (
    "SELECT file, coalesce(problem, 'ok') AS problem, count(*) AS n FROM classified "
    "GROUP BY file, coalesce(problem, 'ok')"
)


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


def _report(engine: str, counts: list[tuple], out: Path) -> MatchReport:
    """The counts from the classification, and the outcome read back from the output file."""
    report = MatchReport(engine=engine, rows_read=sum(int(n) for _f, _p, n in counts))
    report.bad_rows = bad_rows_by_file(counts)
    return outcome_read(report, out)


def outcome_read(report: MatchReport, out: Path | str) -> MatchReport:
    """Who was certified, by source and number of sources, and the deaths, read from the output: one
    Parquet file, or a glob over a cluster's directory of parts."""
    import duckdb

    con = duckdb.connect()
    rows = con.execute(
        "SELECT life_sources FROM read_parquet(?) WHERE death_date IS NULL AND last_life IS NOT NULL",
        [str(out)],
    ).fetchall()
    deaths = con.execute("SELECT count(*) FROM read_parquet(?) WHERE death_date IS NOT NULL", [str(out)])
    report.deaths = int((deaths.fetchone() or (0,))[0])
    for (sources,) in rows:
        names = sources.split(",")
        report.certified += 1
        for name in names:
            report.by_source[name] = report.by_source.get(name, 0) + 1
        key = str(len(names))
        report.by_number_of_sources[key] = report.by_number_of_sources.get(key, 0) + 1
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
    parts = [raw_part("duckdb", duckdb_reader(p), Path(p).name) for p in evidence]
    con.execute("CREATE TEMP VIEW evidence_raw AS " + " UNION ALL ".join(parts))
    con.execute(f"CREATE TEMP VIEW recipients AS SELECT * FROM read_parquet({sql_text(recipients)})")
    # Classified once into a table (spilled to disk beyond the memory limit): the match and the report
    # both read it, and as a view the numbers would be normalised twice.
    con.execute("CREATE TEMP TABLE classified AS " + classified_sql("duckdb"))
    con.execute(f"COPY ({match_sql(until, 'duckdb')}) TO {sql_text(out)} (FORMAT PARQUET)")
    return _report("duckdb", con.execute(REPORT_SQL).fetchall(), out)


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
    for i, path in enumerate(evidence):
        reader = (
            spark.read.parquet(str(path))
            if is_parquet(path)
            else spark.read.option("header", True).csv(str(path))
        )
        reader.createOrReplaceTempView(f"evidence_{i}")
        name = str(path).rsplit("/", 1)[-1]
        parts.append(raw_part("spark", f"evidence_{i}", name))
    spark.sql("CREATE OR REPLACE TEMP VIEW evidence_raw AS " + " UNION ALL ".join(parts))
    spark.read.parquet(str(recipients)).createOrReplaceTempView("recipients")
    spark.sql("CREATE OR REPLACE TEMP VIEW classified AS " + classified_sql("spark"))
    matched = spark.sql(match_sql(until, "spark"))
    counts = [tuple(row) for row in spark.sql(REPORT_SQL).collect()]
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
