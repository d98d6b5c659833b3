"""Silent certification (静默认证): 6,000,000 recipients against the files of 4 departments (medical
insurance, public transport, civil affairs, public security) totalling 40,000,000 evidence rows, generated
on this machine (`make bench`; 60,000 × 400,000 in `make bench-quick`).

Ours: the product's step, `certification.matching.run_duckdb` (DuckDB in-process, reading the Parquet
files, memory limit 3 GB, spilling to disk). Baselines, doing the same work on the same rows:
- pandas: the files read into DataFrames (Arrow-backed strings), the numbers normalised with vectorised
  string and NumPy integer arithmetic, merged with the recipients, deaths first, the latest sign of life
  per recipient by sorting, written to Parquet;
- PostgreSQL: the same SQL (its dialect) over the rows loaded into unlogged tables and analysed, with
  2 parallel workers and 512 MB of work memory, the classified rows staged in a table and analysed before
  the match; the loading is not timed, only the classification, the match and the counts.
Each side runs in its own process (peak memory is the max RSS of that process; PostgreSQL's is its
server's, not shown). The three outputs are compared row for row, and the bad-row counts too.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.report import Goal, Row, print_goals, print_table, quick

UNTIL = date(2026, 12, 1)
# Rows per source, in millions at the full size: Kaifeng compared public security, civil affairs, medical
# insurance and the bus company's card use.
SHARES = {"medical": 0.4, "transit": 0.4, "civil_affairs": 0.1, "public_security": 0.1}
GOAL_PANDAS, GOAL_POSTGRES, GOAL_MEMORY_MB = 5.0, 3.0, 4096
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
OUTPUT_COLUMNS = (
    "recipient_id::BIGINT AS recipient_id, last_life::DATE AS last_life, life_sources::VARCHAR AS "
    "life_sources, last_life_file::VARCHAR AS last_life_file, death_date::DATE AS death_date, "
    "death_source::VARCHAR AS death_source"
)


def _id_sql(i: str) -> str:
    """The 18-character resident ID number of generated person `i` (unique per i): area, birth date
    (1940 onwards), sequence, check character (computed by the product's SQL; the pandas baseline computes
    it on its own, so a wrong check character would show as different answers)."""
    from shebao.certification.evidence import check_character_sql

    body = (
        f"(CAST(110000 + {i} % 900 AS VARCHAR) || strftime(DATE '1940-01-01' + CAST({i} // 1000 AS INTEGER), "
        f"'%Y%m%d') || lpad(CAST({i} % 1000 AS VARCHAR), 3, '0'))"
    )
    return f"({body} || {check_character_sql(f'CAST({body} AS BIGINT)')})"


def generate(folder: Path, recipients: int, rows: int) -> list[Path]:
    """Recipients (last certified within the year before 2025-12-01) and one Parquet file per source.
    14% of recipients have no evidence (Kaifeng certified 86% silently); 10% of rows are about people who
    are not recipients. The numbers come in the forms departments send: 3% old 15-digit numbers, 2% with a
    lower-case x, 1% padded with spaces, 0.5% not a number at all; 0.2% of dates are unreadable; civil
    affairs and public security report deaths for 0.5% of people, each on one date per person."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("SET enable_progress_bar = false")
    con.execute(
        f"COPY (SELECT range + 1 AS recipient_id, {_id_sql('(range + 1)')} AS id_number, "
        f"DATE '2025-12-01' - CAST(hash(range * 7 + 1) % 365 AS INTEGER) AS since FROM range({recipients})) "
        f"TO '{folder / 'recipients.parquet'}' (FORMAT PARQUET)"
    )
    files = []
    for s, (source, share) in enumerate(SHARES.items()):
        n = int(rows * share)
        reaches_deaths = source in ("civil_affairs", "public_security")
        death = f"(t % 200 = 150 AND {'true' if reaches_deaths else 'false'} AND h % 3 = 0)"
        path = folder / f"{source}.parquet"
        con.execute(f"""
            COPY (
                SELECT CASE WHEN u < 5 THEN 'N/A-' || CAST(k AS VARCHAR)
                            WHEN u < 35 THEN substr(id18, 1, 6) || substr(id18, 9, 9)
                            WHEN u < 55 THEN lower(id18)
                            WHEN u < 65 THEN ' ' || id18 || ' '
                            ELSE id18 END AS id_number,
                       CASE WHEN {death}
                            THEN strftime(DATE '2025-12-15' + CAST(t % 300 AS INTEGER), '%Y-%m-%d')
                            WHEN v < 2 THEN 'unknown'
                            ELSE strftime(DATE '2025-06-01' + CAST(h % 580 AS INTEGER), '%Y-%m-%d') END
                           AS event_date,
                       CASE WHEN {death} THEN 'death' ELSE 'life' END AS event,
                       CASE WHEN v = 7 THEN upper('{source}') ELSE '{source}' END AS source
                FROM (
                    SELECT k, h, u, v, t, {_id_sql("t")} AS id18 FROM (
                        SELECT k, h, hash(k * 5 + 2) % 1000 AS u, hash(k * 5 + 3) % 1000 AS v,
                               CASE WHEN c <= {recipients} AND c % 100 < 14 THEN c + 2 * {recipients}
                                    ELSE c END AS t
                        FROM (SELECT range AS k, hash(range * 5 + {s}) AS h,
                                     hash(range * 5 + 1 + {s} * 1000003) % {recipients * 11 // 10} + 1 AS c
                              FROM range({n}))
                    )
                )
            ) TO '{path}' (FORMAT PARQUET)
        """)
        files.append(path)
    return files


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def ours(files: list[str], recipients: str, out: str, scratch: str, send) -> None:
    from shebao.certification import matching

    start = time.perf_counter()
    report = matching.run_duckdb(
        [Path(f) for f in files], Path(recipients), Path(out), until=UNTIL, memory_limit="3GB",
        temp_dir=Path(scratch),
    )  # fmt: skip
    send.send((time.perf_counter() - start, _peak_mb(), report.rows_read, report.bad_rows))


def _normalised(ids):
    """Resident ID numbers as 18 characters with a capital X (old 15-digit numbers converted), or NA."""
    import numpy as np
    import pandas as pd

    from shebao.certification.evidence import CHECK_CHARACTERS, WEIGHTS

    def remainder(bodies) -> np.ndarray:
        digits = bodies.astype("int64[pyarrow]").to_numpy(dtype=np.int64)
        total = np.zeros(len(digits), dtype=np.int64)
        for i, weight in enumerate(WEIGHTS):
            total += (digits // 10 ** (16 - i) % 10) * weight
        return total % 11

    ids = ids.str.strip().str.upper()
    is18 = ids.str.fullmatch(r"[0-9]{17}[0-9X]").fillna(False).to_numpy(dtype=bool)
    is15 = ids.str.fullmatch(r"[0-9]{15}").fillna(False).to_numpy(dtype=bool)
    out = pd.Series(pd.NA, index=ids.index, dtype="string[pyarrow]")
    long = ids[is18]
    expected = np.array(list(CHECK_CHARACTERS))[remainder(long.str.slice(0, 17))]
    good = long.str.slice(17, 18).to_numpy(dtype=object) == expected
    out[long.index[good]] = long[good]
    short = ids[is15]
    old = short.str.slice(0, 6) + "19" + short.str.slice(6, 15)
    out[short.index] = old + pd.Series(np.array(list(CHECK_CHARACTERS))[remainder(old)], index=old.index)
    return out


def pandas_baseline(files: list[str], recipients: str, out: str, send) -> None:
    import numpy as np
    import pandas as pd

    from shebao.certification import matching
    from shebao.certification.evidence import EVENTS, REQUIRED_COLUMNS, SOURCES

    start = time.perf_counter()
    frames = []
    for f in files:
        frame = pd.read_parquet(f, columns=list(REQUIRED_COLUMNS), dtype_backend="pyarrow")
        frames.append(frame.assign(file=Path(f).name))
    ev = pd.concat(frames, ignore_index=True)
    del frames
    ev["id_number"] = _normalised(ev["id_number"])
    ev["event_date"] = pd.to_datetime(ev["event_date"].str.strip(), format="%Y-%m-%d", errors="coerce")
    ev["event"] = ev["event"].str.strip().str.lower()
    ev["source"] = ev["source"].str.strip().str.lower()
    problem = np.select(
        [ev["id_number"].isna(), ev["event_date"].isna(), ~ev["event"].isin(EVENTS).fillna(False),
         ~ev["source"].isin(SOURCES).fillna(False)],
        ["bad_id_number", "bad_date", "bad_event", "bad_source"], default="ok",
    )  # fmt: skip
    counts = pd.DataFrame({"file": ev["file"], "problem": problem}).value_counts()
    bad_rows = matching.bad_rows_by_file((file, reason, n) for (file, reason), n in counts.items())
    ev = ev[(problem == "ok") & (ev["event_date"] <= pd.Timestamp(UNTIL))]
    people = pd.read_parquet(recipients, dtype_backend="pyarrow")
    people["since"] = pd.to_datetime(people["since"].astype("date32[pyarrow]").astype("datetime64[ms]"))
    ev = ev.merge(people, on="id_number")
    order = ["recipient_id", "event_date", "source", "file"]
    deaths = (
        ev[ev["event"] == "death"].sort_values(order).drop_duplicates("recipient_id")
        [["recipient_id", "event_date", "source"]]
        .rename(columns={"event_date": "death_date", "source": "death_source"})
    )  # fmt: skip
    lives = ev[ev["event"] == "life"].merge(
        deaths[["recipient_id", "death_date"]], on="recipient_id", how="left"
    )
    lives = lives[
        (lives["event_date"] > lives["since"])
        & (lives["death_date"].isna() | (lives["event_date"] <= lives["death_date"]))
    ]
    latest = (
        lives.sort_values(order, ascending=[True, False, True, True]).drop_duplicates("recipient_id")
        [["recipient_id", "event_date", "file"]]
        .rename(columns={"event_date": "last_life", "file": "last_life_file"})
    )  # fmt: skip
    # The set of sources per recipient as a bit mask, then the mask's names in the sources' order.
    bits = lives["source"].map({s: 1 << i for i, s in enumerate(SOURCES)}).astype("int64")
    masks = pd.DataFrame({"recipient_id": lives["recipient_id"], "bit": bits}).drop_duplicates()
    masks = masks.groupby("recipient_id")["bit"].sum()
    names = {m: ",".join(s for i, s in enumerate(SOURCES) if m >> i & 1) for m in range(1 << len(SOURCES))}
    sources = masks.map(names).rename("life_sources").reset_index()
    result = latest.merge(sources, on="recipient_id", how="left").merge(
        deaths, on="recipient_id", how="outer"
    )
    result = result.sort_values("recipient_id")[
        ["recipient_id", "last_life", "life_sources", "last_life_file", "death_date", "death_source"]
    ]
    result.to_parquet(out, index=False)
    send.send((time.perf_counter() - start, _peak_mb(), int(counts.sum()), bad_rows))


def _pg_load(con, files: list[Path], recipients: Path, schema: str) -> None:
    """The rows as PostgreSQL would hold them after a load (not timed): unlogged tables, analysed."""
    import duckdb

    from shebao.certification import matching

    duck = duckdb.connect()
    con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
    con.execute(f"SET search_path = {schema}")
    con.execute(
        "CREATE UNLOGGED TABLE evidence_raw (id_number text, event_date text, event text, source text, "
        "file_no smallint)"
    )
    con.execute("CREATE UNLOGGED TABLE recipients (recipient_id bigint, id_number text, since date)")
    numbered = enumerate(matching.in_name_order(files))
    parts = [(f"SELECT *, {i} AS file_no FROM read_parquet('{p}')", "evidence_raw") for i, p in numbered]
    parts.append((f"SELECT * FROM read_parquet('{recipients}')", "recipients"))
    with tempfile.TemporaryDirectory() as scratch:
        for i, (select, table) in enumerate(parts):
            csv = Path(scratch) / f"{i}.csv"
            duck.execute(f"COPY ({select}) TO '{csv}' (FORMAT CSV, HEADER false)")
            with con.cursor().copy(f"COPY {table} FROM STDIN (FORMAT csv)") as copy, csv.open("rb") as f:
                while chunk := f.read(1 << 20):
                    copy.write(chunk)
            csv.unlink()
    con.execute("ANALYZE evidence_raw; ANALYZE recipients")


def postgres_baseline(files: list[str], recipients: str, out: str, send) -> None:
    import psycopg

    from shebao.certification import matching

    schema = "bench_silent"
    with psycopg.connect(PG_URL, autocommit=True) as con:
        _pg_load(con, [Path(f) for f in files], Path(recipients), schema)
        con.execute("SET work_mem = '512MB'; SET max_parallel_workers_per_gather = 2")
        start = time.perf_counter()
        # Staged as a PostgreSQL engineer would: the classified rows into a table, analysed, then the
        # match (as views, PostgreSQL computed each normalised number twice and, blind to the row counts,
        # chose nested loops).
        con.execute("CREATE UNLOGGED TABLE classified AS " + matching.classified_sql("postgres"))
        con.execute("ANALYZE classified")
        names = [matching.file_name(p) for p in matching.in_name_order(files)]
        con.execute(f"CREATE UNLOGGED TABLE matched AS {matching.match_sql(UNTIL, 'postgres', names)}")
        counts = matching.report_counts(con.execute(matching.REPORT_SQL).fetchall(), names)
        seconds = time.perf_counter() - start
        with (
            con.cursor().copy(
                "COPY (SELECT * FROM matched ORDER BY recipient_id) TO STDOUT (FORMAT csv, HEADER)"
            ) as copy,
            open(out, "wb") as f,
        ):
            for chunk in copy:
                f.write(chunk)
        con.execute(f"DROP SCHEMA {schema} CASCADE")
    send.send((seconds, _peak_mb(), sum(int(c[2]) for c in counts), matching.bad_rows_by_file(counts)))


def in_child(func, *args):
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=func, args=(*args, send))
    child.start()
    while not receive.poll(5):  # a child that failed sends nothing: stop instead of waiting for ever
        if not child.is_alive():
            raise RuntimeError(f"{func.__name__} failed (exit code {child.exitcode}); its error is above")
    answer = receive.recv()
    child.join()
    return answer


def differences(con, ours_sql: str, theirs_sql: str) -> int:
    """Rows in one output and not the other (both ways, duplicates counted)."""
    a, b = f"SELECT {OUTPUT_COLUMNS} FROM {ours_sql}", f"SELECT {OUTPUT_COLUMNS} FROM {theirs_sql}"
    one_way, other_way = f"({a} EXCEPT ALL {b})", f"({b} EXCEPT ALL {a})"
    query = f"SELECT (SELECT count(*) FROM {one_way}) + (SELECT count(*) FROM {other_way})"
    return int(con.execute(query).fetchone()[0])


def main() -> None:
    import duckdb

    recipients_n, rows_n = (60_000, 400_000) if quick() else (6_000_000, 40_000_000)
    with tempfile.TemporaryDirectory(prefix="bench-silent-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        files = generate(folder, recipients_n, rows_n)
        made = time.perf_counter() - started
        names, people = [str(f) for f in files], str(folder / "recipients.parquet")
        outs = {k: str(folder / f"{k}.out") for k in ("ours", "pandas", "postgres")}
        spill = folder / "spill"
        spill.mkdir()
        runs = {
            "ours": in_child(ours, names, people, outs["ours"], str(spill)),
            "pandas": in_child(pandas_baseline, names, people, outs["pandas"]),
            "postgres": in_child(postgres_baseline, names, people, outs["postgres"]),
        }
        con = duckdb.connect()
        mine = f"read_parquet('{outs['ours']}')"
        found, deaths = con.execute(
            f"SELECT count(*) FILTER (WHERE death_date IS NULL), count(death_date) FROM {mine}"
        ).fetchone()
        diff_pandas = differences(con, mine, f"read_parquet('{outs['pandas']}')")
        diff_pg = differences(con, mine, f"read_csv('{outs['postgres']}', header = true, all_varchar = true)")
    assert diff_pandas == 0, f"pandas's answer differs from ours in {diff_pandas} rows"
    assert diff_pg == 0, f"PostgreSQL's answer differs from ours in {diff_pg} rows"
    for name in ("pandas", "postgres"):
        assert runs[name][2:] == runs["ours"][2:], f"{name}'s rows read or bad rows differ: {runs[name][2:]}"
    our_s, our_mb = runs["ours"][:2]
    label = f"{recipients_n:,} recipients × {rows_n:,} rows"
    rows = [
        Row(f"{label}: time", our_s, runs["pandas"][0], "s"),
        Row(f"{label}: evidence rows per second", rows_n / our_s, rows_n / runs["pandas"][0], "rows/s",
            lower_is_better=False),
        Row(f"{label}: peak memory (max RSS of its process)", our_mb, runs["pandas"][1], "MB"),
    ]  # fmt: skip
    bad = sum(sum(v.values()) for v in runs["ours"][3].values())
    notes = [
        f"All three gave the same {found + deaths:,} rows ({found:,} recipients with a sign of life, "
        f"{deaths:,} deaths) and the same {bad:,} bad rows by file and reason. PostgreSQL's query: "
        f"{runs['postgres'][0]:.1f} s ({rows_n / runs['postgres'][0]:,.0f} rows/s), loading not timed. "
        f"Generating the files took {made:.1f} s (not timed)."
    ]
    print_table("Silent certification: DuckDB (ours) vs a pandas merge", "pandas", rows, notes)
    print_goals(
        "silent certification",
        [
            *(
                Goal(
                    f"≥ {goal:.0f}× a {what}",
                    f"{label}: time",
                    our_s,
                    runs[name][0],
                    baseline,
                    "s",
                    met=runs[name][0] / our_s >= goal,
                )
                for name, baseline, what, goal in (
                    ("pandas", "pandas", "pandas merge", GOAL_PANDAS),
                    ("postgres", "PostgreSQL", "PostgreSQL join", GOAL_POSTGRES),
                )
            ),
            Goal(
                f"peak memory ≤ {GOAL_MEMORY_MB:,} MB",
                f"{label}: max RSS",
                our_mb,
                runs["pandas"][1],
                "pandas",
                "MB",
                met=our_mb <= GOAL_MEMORY_MB,
            ),
        ],
        ["A quick run (60,000 × 400,000) checks the benchmark, it does not measure the goal."]
        if quick()
        else [],
    )
