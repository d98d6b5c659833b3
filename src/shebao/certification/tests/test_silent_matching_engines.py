"""The silent comparison step on its own (no database): document numbers normalised as stdnum does,
bad rows counted by reason, a bad file refused whole, deaths before signs of life, the window, and the
same answers from DuckDB and from Spark on the same files."""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from shebao.certification import matching
from shebao.certification.evidence import EvidenceRefused, check_structure, normalised_ids_sql

UNTIL = date(2026, 12, 1)


def resident_id(area: int, born: date, serial: int) -> str:
    body = f"{area:06d}{born:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")  # (stdnum drops the last character given)


def old_number(new: str) -> str:
    return new[:6] + new[8:17]


def normalise_in_duckdb(values: list[str]) -> list[str | None]:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i INT, v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(values)))
    query = f"SELECT id_norm FROM ({normalised_ids_sql('t', 'v', matching.DIALECTS['duckdb'])}) n ORDER BY i"
    return [row[0] for row in con.execute(query).fetchall()]


@settings(max_examples=60, deadline=None)
@given(
    area=st.integers(110000, 659999),
    born=st.dates(date(1900, 1, 1), date(1999, 12, 31)),
    serial=st.integers(0, 999),
    lower=st.booleans(),
)
def test_numbers_are_normalised_as_stdnum_has_them(area, born, serial, lower):
    new = resident_id(area, born, serial)
    typed = new.lower() if lower else new
    old = old_number(new) if born.year >= 1900 and born.year < 2000 else None
    wrong = new[:17] + ("0" if new[17] != "0" else "1")
    got = normalise_in_duckdb([f" {typed} ", old or new, wrong])
    assert got[0] == ric.compact(new)  # upper-case X, spaces gone
    assert got[1] == new  # a 15-digit number converted to its 18-digit form
    assert got[2] is None  # a wrong check character is no number


def write_csv(path: Path, rows: list[tuple]) -> Path:
    lines = ["id_number,event_date,event,source"] + [",".join(map(str, r)) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_recipients(path: Path, rows: list[tuple[int, str, date]]) -> Path:
    con = duckdb.connect()
    con.execute("CREATE TABLE r (recipient_id BIGINT, id_number VARCHAR, since DATE)")
    con.executemany("INSERT INTO r VALUES (?, ?, ?)", rows)
    con.execute(f"COPY r TO '{path}' (FORMAT PARQUET)")
    return path


def read(path: Path) -> list[tuple]:
    return duckdb.connect().execute(f"SELECT * FROM read_parquet('{path}') ORDER BY recipient_id").fetchall()


MOTHER = resident_id(500103, date(1953, 3, 7), 122)
FATHER = resident_id(500103, date(1950, 8, 1), 133)
AUNT = resident_id(500105, date(1948, 2, 2), 144)


@pytest.fixture
def recipients(tmp_path):
    since = date(2025, 12, 1)
    return write_recipients(
        tmp_path / "r.parquet", [(1, MOTHER, since), (2, FATHER, since), (3, AUNT, since)]
    )


def test_deaths_come_before_signs_of_life(tmp_path, recipients):
    evidence = write_csv(tmp_path / "ev.csv", [
        (FATHER, "2026-06-01", "death", "civil_affairs"),
        (FATHER, "2026-07-15", "life", "transit"),  # after the death: someone else used his card
        (FATHER, "2026-05-01", "life", "medical"),
        (AUNT, "2026-03-01", "death", "public_security"),
        (MOTHER, "2026-10-01", "life", "medical"),
    ])  # fmt: skip
    matching.run([evidence], recipients, tmp_path / "out.parquet", until=UNTIL)
    rows = {r[0]: r for r in read(tmp_path / "out.parquet")}
    assert rows[1][1:] == (date(2026, 10, 1), "medical", "ev.csv", None, None)
    assert rows[2][1:] == (date(2026, 5, 1), "medical", "ev.csv", date(2026, 6, 1), "civil_affairs")
    assert rows[3][1:] == (None, None, None, date(2026, 3, 1), "public_security")


def test_the_window_is_after_the_last_certification_and_up_to_the_run_day(tmp_path, recipients):
    evidence = write_csv(tmp_path / "ev.csv", [
        (MOTHER, "2025-12-01", "life", "bank"),  # the day she was last certified: not after it
        (FATHER, "2026-12-02", "life", "bank"),  # after the run day
        (AUNT, "2025-12-02", "life", "bank"),
    ])  # fmt: skip
    report = matching.run([evidence], recipients, tmp_path / "out.parquet", until=UNTIL)
    assert [r[0] for r in read(tmp_path / "out.parquet")] == [3]
    assert report.certified == 1 and report.by_source == {"bank": 1}


def test_bad_rows_are_counted_by_reason_and_never_used(tmp_path, recipients):
    evidence = write_csv(tmp_path / "ev.csv", [
        (MOTHER[:17] + "0" if MOTHER[17] != "0" else MOTHER[:17] + "1", "2026-10-01", "life", "bank"),
        (MOTHER, "2026-02-30", "life", "bank"),
        (MOTHER, "2026-10-01", "alive", "bank"),
        (MOTHER, "2026-10-01", "life", "weibo"),
        (old_number(FATHER), "2026-10-01", "life", "transit"),
        (AUNT.lower(), "2026-10-02", "LIFE", "Medical"),
    ])  # fmt: skip
    report = matching.run([evidence], recipients, tmp_path / "out.parquet", until=UNTIL)
    assert report.rows_read == 6
    assert report.bad_rows == {"ev.csv": {"bad_id_number": 1, "bad_date": 1, "bad_event": 1, "bad_source": 1}}
    assert [r[0] for r in read(tmp_path / "out.parquet")] == [
        2,
        3,
    ]  # the old number and the lower-case x count


def test_several_sources_and_files_mixed_csv_and_parquet(tmp_path, recipients):
    first = write_csv(tmp_path / "medical.csv", [(MOTHER, "2026-10-01", "life", "medical")])
    second = tmp_path / "transit.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT '{MOTHER}' AS id_number, DATE '2026-11-03' AS event_date, 'life' AS event, "
        f"'transit' AS source, 42 AS card_balance) TO '{second}' (FORMAT PARQUET)"
    )
    report = matching.run([first, second], recipients, tmp_path / "out.parquet", until=UNTIL)
    assert read(tmp_path / "out.parquet") == [
        (1, date(2026, 11, 3), "medical,transit", "transit.parquet", None, None)
    ]
    assert report.by_number_of_sources == {"2": 1}


@pytest.mark.parametrize("order", [1, -1])
def test_the_latest_sign_of_life_is_the_latest_day_then_the_first_source_then_the_first_file(
    tmp_path, recipients, order
):
    a = write_csv(tmp_path / "a.csv", [
        (MOTHER, "2026-10-01", "life", "medical"),
        (FATHER, "2026-09-01", "life", "transit"),
        (AUNT, "2026-10-01", "life", "bank"),
    ])  # fmt: skip
    b = write_csv(tmp_path / "b.csv", [
        (MOTHER, "2026-10-01", "life", "bank"),  # the same day: bank comes before medical
        (FATHER, "2026-09-01", "life", "transit"),  # the same day and source: a.csv comes before b.csv
        (AUNT, "2026-10-05", "life", "transit"),  # a later day wins whatever its source and file
    ])  # fmt: skip
    matching.run([a, b][::order], recipients, tmp_path / "out.parquet", until=UNTIL)
    assert [r[:4] for r in read(tmp_path / "out.parquet")] == [
        (1, date(2026, 10, 1), "bank,medical", "b.csv"),
        (2, date(2026, 9, 1), "transit", "a.csv"),
        (3, date(2026, 10, 5), "bank,transit", "b.csv"),
    ]


def test_a_file_without_a_required_column_is_refused_whole(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id_number,event_date,source\n" + f"{MOTHER},2026-10-01,bank\n", encoding="utf-8")
    with pytest.raises(EvidenceRefused, match="event"):
        check_structure(bad)
    with pytest.raises(EvidenceRefused):
        check_structure(tmp_path / "missing.csv")


def generated(tmp_path: Path, people: int, rows: int) -> tuple[list[Path], Path]:
    rng = random.Random(7)
    numbers = [resident_id(500100 + rng.randrange(20), date(1940, 1, 1) + timedelta(days=rng.randrange(9000)),
                           rng.randrange(1000)) for _ in range(people)]  # fmt: skip
    numbers = sorted(set(numbers))
    since = [date(2025, 6, 1) + timedelta(days=rng.randrange(365)) for _ in numbers]
    recipients = write_recipients(
        tmp_path / "r.parquet", [(i, n, s) for i, (n, s) in enumerate(zip(numbers, since))]
    )
    files = []
    for f, source in enumerate(("medical", "transit", "civil_affairs", "bank")):
        picked = []
        for _ in range(rows // 4):
            number = rng.choice(numbers)
            number = (
                old_number(number)
                if rng.random() < 0.05
                else number.lower()
                if rng.random() < 0.05
                else number
            )
            event = "death" if source == "civil_affairs" and rng.random() < 0.3 else "life"
            day = date(2025, 1, 1) + timedelta(days=rng.randrange(720))
            picked.append((number if rng.random() > 0.005 else "bad", day.isoformat(), event, source))
        path = write_csv(tmp_path / f"{source}.csv", picked)
        if f % 2:  # half the sources as Parquet
            parquet = tmp_path / f"{source}.parquet"
            duckdb.connect().execute(
                f"COPY (SELECT * FROM read_csv('{path}', all_varchar=true)) TO '{parquet}'"
            )
            path = parquet
        files.append(path)
    return files, recipients


def test_a_rerun_gives_the_same_rows(tmp_path):
    files, recipients = generated(tmp_path, 2000, 20000)
    first = matching.run(files, recipients, tmp_path / "a.parquet", until=UNTIL)
    second = matching.run(files, recipients, tmp_path / "b.parquet", until=UNTIL)
    assert read(tmp_path / "a.parquet") == read(tmp_path / "b.parquet") and first == second
    assert first.certified > 500 and first.deaths > 500


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (.ci/run installs it)")
def test_duckdb_and_spark_give_identical_results(tmp_path):
    files, recipients = generated(tmp_path, 10000, 100000)
    ours = matching.run(files, recipients, tmp_path / "duckdb.parquet", until=UNTIL, engine="duckdb")
    theirs = matching.run(files, recipients, tmp_path / "spark.parquet", until=UNTIL, engine="spark")
    rows = read(tmp_path / "duckdb.parquet")
    assert len(rows) > 5000
    assert rows == read(tmp_path / "spark.parquet")
    assert ours.as_dict() | {"engine": ""} == theirs.as_dict() | {"engine": ""}
