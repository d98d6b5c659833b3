"""The daily retirement scan (notify's `retirement_due`): which insured persons reach their statutory
retirement age in the month three months ahead, over 10,000,000 generated persons (`make bench`;
200,000 in `make bench-quick`).

Ours: DuckDB in-process over the persons' export (a Parquet file, as DESIGN.md has batch jobs read
exports of the tables), the rule as one SQL expression built from the same schedule
(core.retirement.retirement_month_sql). Baseline: row by row in Python, calling the pure function
core.retirement.retirement_age for each active person (its input read from the same file, the reading
not timed). Each side runs in its own process, so its peak memory (max RSS) is its own; the answers (the
ids found) are checked equal.
"""

from __future__ import annotations

import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

from benchmarks.report import Goal, Row, print_goals, print_table, quick

DAY_TARGET = (2027, 3)  # scanning on 2026-12-03: retirement in 2027-03 (three months ahead)
GOAL_RATIO, GOAL_SECONDS = 100.0, 60.0


def generate(path: Path, n: int) -> None:
    """Persons: 50% men, 10% women in cadre posts, 40% women workers; born 1955-2004 uniformly; 90% insured
    and active. Deterministic (DuckDB's hash of the row number)."""
    import duckdb

    con = duckdb.connect()
    sql = f"""
        COPY (
            SELECT range AS id,
                   (CASE WHEN hash(range * 3 + 1) % 100 < 50 THEN 0
                         WHEN hash(range * 3 + 1) % 100 < 60 THEN 1 ELSE 2 END)::TINYINT AS category,
                   (1955 * 12 + hash(range * 3 + 2) % 600)::INTEGER AS birth,
                   (hash(range * 3 + 3) % 10 < 9) AS active
            FROM range({n})
        ) TO '{path}' (FORMAT PARQUET)
    """  # noqa: S608  (the size is an int, the path our temporary file)
    con.execute(sql)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def ours(path: str, target: int, out) -> None:
    import duckdb

    from shebao.core.retirement import retirement_month_sql

    start = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    rule = retirement_month_sql("category", "birth")
    query = f"SELECT id FROM read_parquet('{path}') WHERE active AND {rule} = {target} ORDER BY id"  # noqa: S608
    ids = con.execute(query).fetchnumpy()["id"]
    seconds = time.perf_counter() - start
    out.send((ids.tolist(), seconds, _peak_mb()))


def baseline(path: str, target: int, out) -> None:
    import pyarrow.parquet as pq

    from shebao.core.retirement import CATEGORY_CODES, retirement_age

    table = pq.read_table(path)
    ids, categories, births, active = (table[c].to_pylist() for c in ("id", "category", "birth", "active"))
    del table
    by_code = {code: cat for cat, code in CATEGORY_CODES.items()}
    start = time.perf_counter()
    found = []
    for pid, code, birth, insured in zip(ids, categories, births, active, strict=True):
        if insured and retirement_age(by_code[code], birth // 12, birth % 12 + 1).retire_on == target:
            found.append(pid)
    seconds = time.perf_counter() - start
    out.send((sorted(found), seconds, _peak_mb()))


def in_child(func, path: Path, target: int):
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=func, args=(str(path), target, send))
    child.start()
    answer = receive.recv()
    child.join()
    return answer


def main() -> None:
    n = 200_000 if quick() else 10_000_000
    target = DAY_TARGET[0] * 12 + DAY_TARGET[1] - 1
    with tempfile.TemporaryDirectory(prefix="bench-retirement-") as tmp:
        path = Path(tmp) / "persons.parquet"
        started = time.perf_counter()
        generate(path, n)
        made = time.perf_counter() - started
        our_ids, our_s, our_mb = in_child(ours, path, target)
        base_ids, base_s, base_mb = in_child(baseline, path, target)
    assert our_ids == base_ids, f"answers differ: {len(our_ids)} vs {len(base_ids)} persons"
    rows = [
        Row(f"{n:,} persons: scan time", our_s, base_s, "s"),
        Row(f"{n:,} persons: persons per second", n / our_s, n / base_s, "persons/s", lower_is_better=False),
        Row(f"{n:,} persons: peak memory (max RSS of its process)", our_mb, base_mb, "MB"),
    ]
    notes = [
        f"Both found the same {len(our_ids):,} persons retiring in {DAY_TARGET[0]}-{DAY_TARGET[1]:02d}. "
        f"Generating the {n:,} persons' Parquet export took {made:.1f} s (not timed on either side); ours "
        "includes reading the file, the baseline's timing starts once its lists are in memory."
    ]
    print_table(
        "Daily retirement scan: DuckDB (vectorised rule) vs row-by-row Python", "row by row", rows, notes
    )
    ratio = base_s / our_s
    print_goals(
        "retirement scan",
        [
            Goal(
                f"≥ {GOAL_RATIO:.0f}× the row-by-row baseline, under {GOAL_SECONDS:.0f} s",
                f"{n:,} persons: scan time",
                our_s,
                base_s,
                "row-by-row Python",
                "s",
                met=ratio >= GOAL_RATIO and our_s < GOAL_SECONDS,
            ),
        ],
        ["A quick run (200,000 persons) checks the benchmark, it does not measure the goal."]
        if quick()
        else [],
    )
