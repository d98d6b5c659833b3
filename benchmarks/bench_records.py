"""Rights records: importing contribution months, and statements produced and signed.

Import: a contribution file of N lines (goal: 10,000,000; `--quick`: 20,000) for persons with ten years
of months each, applied by records.services.ledger_import (every line checked a chunk at a time and
staged in a temporary table, COPY on PostgreSQL; then two set-based statements correct and add) beside
a plain row-by-row ORM baseline (for each line: find the person by document and the employer by code,
ContributionMonth.objects.create, one transaction; no checks at all) in the same run. The baseline
imports the file's first B lines (5,000 in quick, 200,000 in the full run: at its pace 10 million lines
would take hours), its rows are kept, removed, and compared with ours after our import of the whole file:
equal, value by value. Each side runs in a child process of its own, so peak memory (the growth of the
process's peak RSS over its start) is its own: ours must not grow with the file (the importer used to hold
the checked file, about 1.9 KB a line: 19 GB at 10 million).

Statements: a yearly statement (个人权益记录单) issued by records.documents.document_issue (ledger read,
PDF laid out, PAdES-signed with pyHanko, stored) per second, beside the same statement laid out without
signing (what the signature costs); every signed one is checked by the validator.

The database is a throw-away test database: SQLite in a temporary file, or test_<name> on PostgreSQL
when DATABASE_URL names one.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import resource
import tempfile
import time
import traceback
from datetime import date
from decimal import Decimal
from pathlib import Path

from stdnum.cn import ric

from benchmarks.report import Goal, Row, print_goals, print_table, quick

MONTHS_PER_PERSON = 120
# Ours is checked against a bound, not against the baseline's figure: row-by-row inserts hold nothing, and
# an import that checks a file whole must still not grow with it (it used to: 1.9 KB a line).
MEMORY_GOAL_MIB = 256
FIRST_YEAR = 2014
EMPLOYER_CODE = "91500103MA5U7G5R4R"
HEADER = [
    "id_number",
    "scheme",
    "month",
    "employer_code",
    "base",
    "employer_amount",
    "personal_amount",
    "state",
]


def sizes() -> tuple[int, int, int]:
    """(lines in the file, lines for the ORM baseline, statements); BENCH_RECORDS_LINES and
    BENCH_RECORDS_BASELINE set a size in between (a busy machine)."""
    lines, baseline, statements = (20_000, 5_000, 20) if quick() else (10_000_000, 200_000, 200)
    lines = int(os.environ.get("BENCH_RECORDS_LINES", lines))
    return lines, min(lines, int(os.environ.get("BENCH_RECORDS_BASELINE", baseline))), statements


def resident_id(n: int) -> str:
    born = date.fromordinal(date(1960, 1, 1).toordinal() + n // 900)
    body = f"500103{born:%Y%m%d}{n % 900 + 100:03d}"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 of 18


def make_people(persons: int) -> None:
    from shebao.core.models import Agency, AgencyLevel
    from shebao.people.models import Employer, IdentityDocument, InsuranceRecord, Person

    agency = Agency.objects.create(code="500103", name="渝中区社保中心", level=AgencyLevel.DISTRICT)
    Employer.objects.create(credit_code=EMPLOYER_CODE, name="重庆山城机械厂", home_agency=agency)
    for start in range(0, persons, 5000):
        chunk = range(start, min(persons, start + 5000))
        made = Person.objects.bulk_create([Person(name=f"测试{n}", sex="M", phone="") for n in chunk])
        IdentityDocument.objects.bulk_create(
            [
                IdentityDocument(person=p, doc_type="resident_id", number=resident_id(n))
                for n, p in zip(chunk, made, strict=True)
            ]
        )
        InsuranceRecord.objects.bulk_create(
            [
                InsuranceRecord(
                    person=p,
                    insurance_type="employee_pension",
                    home_agency=agency,
                    start_date=date(FIRST_YEAR, 1, 1),
                )
                for p in made
            ]
        )


def write_file(path: Path, lines: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i in range(lines):
            person, m = divmod(i, MONTHS_PER_PERSON)
            year, month = FIRST_YEAR + m // 12, m % 12 + 1
            base = Decimal(4000 + (person * 37 + m * 11) % 6000)
            state = "arrears" if (person + m) % 97 == 0 else "paid"
            employer, personal = (
                (base * Decimal("0.16"), base * Decimal("0.08")) if state == "paid" else (0, 0)
            )
            out.writerow(
                [
                    resident_id(person),
                    "employee_pension",
                    f"{year}-{month:02d}",
                    EMPLOYER_CODE,
                    base,
                    employer,
                    personal,
                    state,
                ]
            )


def orm_baseline(path: Path, limit: int) -> int:
    """The plain way: one ORM create per line, the person and employer looked up per line."""
    from django.db import transaction
    from django.utils import timezone

    from shebao.people.models import Employer, IdentityDocument
    from shebao.records.models import ContributionMonth, ImportBatch

    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file_name="baseline", sha256="0" * 64, kind="contributions", applied_at=timezone.now()
        )
        with path.open(encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            for count, row in enumerate(reader):
                if count >= limit:
                    break
                person = IdentityDocument.objects.get(
                    doc_type="resident_id", number=row["id_number"]
                ).person_id
                employer = Employer.objects.get(credit_code=row["employer_code"])
                year, month = row["month"].split("-")
                ContributionMonth.objects.create(
                    person_id=person,
                    scheme=row["scheme"],
                    month=date(int(year), int(month), 1),
                    employer=employer,
                    base=Decimal(row["base"]),
                    employer_amount=Decimal(row["employer_amount"]),
                    personal_amount=Decimal(row["personal_amount"]),
                    account_amount=Decimal(row["personal_amount"]),
                    state=row["state"],
                    batch=batch,
                )
    return limit


def ours(path: Path, _limit: int) -> int:
    from shebao.records.importer import ImportRefused
    from shebao.records.services import ledger_import

    try:
        return ledger_import(path=path, kind="contributions").batch.created_rows
    except ImportRefused as refused:  # name the first bad lines, not only their count
        raise RuntimeError([str(e) for e in refused.errors[:3]]) from None


def _child(target, path, limit, pipe) -> None:
    from django.db import connections

    connections.close_all()
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        rows = target(path, limit)
    except Exception:  # told to the parent, which stops the benchmark
        pipe.send(traceback.format_exc())
        return
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_rss
    connections.close_all()
    pipe.send((rows, elapsed, peak / 1024))  # ru_maxrss is in KiB on Linux


def in_child(target, path: Path, limit: int) -> tuple[int, float, float]:
    """(rows, seconds, peak memory growth in MiB) of `target` run in a forked child process."""
    from django.db import connections

    connections.close_all()
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_child, args=(target, path, limit, send))
    child.start()
    send.close()  # only the child writes: a child that dies ends recv() instead of hanging it
    try:
        result = receive.recv()
    except EOFError:
        result = f"exit code {child.join() or child.exitcode}"
    child.join()
    if isinstance(result, str):
        raise RuntimeError(f"{target.__name__} failed: {result}")
    return result


def snapshot(batch_filter: dict) -> list[tuple]:
    from shebao.records.models import ContributionMonth

    fields = (
        "person_id",
        "scheme",
        "month",
        "employer_id",
        "base",
        "employer_amount",
        "personal_amount",
        "state",
    )
    return sorted(ContributionMonth.objects.filter(**batch_filter).values_list(*fields))


def import_benchmark(folder: Path) -> tuple[list[Row], list[Goal], list[str]]:
    from shebao.records.models import ContributionMonth, ImportBatch

    lines, baseline_lines, _ = sizes()
    make_people(-(-lines // MONTHS_PER_PERSON))
    path = folder / "contributions.csv"
    write_file(path, lines)
    b_rows, b_seconds, b_peak = in_child(orm_baseline, path, baseline_lines)
    theirs = snapshot({"batch__file_name": "baseline"})
    ContributionMonth.objects.all().delete()
    ImportBatch.objects.all().delete()
    o_rows, o_seconds, o_peak = in_child(ours, path, lines)
    keys = {row[:4] for row in theirs}
    mine = [row for row in snapshot({"person_id__in": {row[0] for row in theirs}}) if row[:4] in keys]
    assert o_rows == lines and ContributionMonth.objects.count() == lines, (o_rows, lines)
    assert mine == theirs, "our rows differ from the baseline's"
    ours_rate, base_rate = o_rows / o_seconds, b_rows / b_seconds
    rows = [
        Row(
            f"import {lines:,} lines (baseline {b_rows:,})",
            ours_rate,
            base_rate,
            "lines/s",
            lower_is_better=False,
        ),
        Row("peak memory growth", o_peak, b_peak, "MiB"),
    ]
    goals = [
        Goal(
            "import 10 million contribution months faster than row-by-row ORM, peak memory "
            f"≤ {MEMORY_GOAL_MIB} MiB",
            f"{lines:,} lines",
            ours_rate,
            base_rate,
            "row-by-row ORM",
            "lines/s",
            met=lines >= 10_000_000 and ours_rate > base_rate and o_peak <= MEMORY_GOAL_MIB,
            lower_is_better=False,
        )
    ]
    notes = [
        f"Ours: {o_seconds:,.1f} s for {o_rows:,} lines, every line checked, peak memory growth "
        f"{o_peak:,.0f} MiB ({o_peak * 2**20 / lines:,.0f} bytes a line). "
        f"Baseline: {b_seconds:,.1f} s for {b_rows:,} lines, no checks. "
        f"The baseline's {b_rows:,} rows equal ours value by value."
    ]
    return rows, goals, notes


def statement_benchmark() -> tuple[list[Row], list[str]]:
    from shebao.people.models import Person
    from shebao.records import documents
    from shebao.records.pdf import document_pdf
    from shebao.records.signing import signer

    count = sizes()[2]
    people = list(Person.objects.order_by("pk")[:count])
    year = FIRST_YEAR + 2
    requests = [documents.checked("statement", p, date(year, 1, 1), date(year, 12, 1)) for p in people]
    signer()  # the key is loaded once per process, before the clock starts
    started = time.perf_counter()
    issued = [documents.document_issue(r, channel="api") for r in requests]
    signed = time.perf_counter() - started
    started = time.perf_counter()
    for r in requests:
        document_pdf(documents.heading_of(r, "QY-BENCH", date.today()), documents.pages_of(r))
    unsigned = time.perf_counter() - started
    assert all(signer().check(bytes(d.pdf)).valid for d in issued)
    rows = [Row(f"statements, {count} persons × 1 year", count / signed, count / unsigned, "per s", False)]
    notes = ["Baseline: the same statements laid out without signing or storing; every signed one validated."]
    return rows, notes


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")
    os.environ.setdefault("DEMO_OUTBOX", "true")  # the demo signing key under var/
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.SHEBAO["DEMO_OUTBOX"] = True
    with tempfile.TemporaryDirectory(prefix="shebao-bench-records-") as folder:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            rows, goals, notes = import_benchmark(Path(folder))
            statement_rows, statement_notes = statement_benchmark()
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    print_table("Importing contribution months (CSV)", "row-by-row ORM", rows, notes)
    print_table("Statements produced and signed", "laid out, not signed", statement_rows, statement_notes)
    print_goals("rights records", goals)
