"""Silent certification (静默认证) in the database: the recipients exported for the matching step
(certification.matching, DuckDB or Spark), and its results written back in chunks.

Each chunk is one transaction that also moves the run's resume point (`applied_upto`), so a job killed
half-way and run again with the same files continues where it stopped and ends in the same state as one
uninterrupted run; a run that finished is found by its key and changes nothing. A certification is unique
per (recipient, run), and a sign of life no later than the last certification certifies nothing."""

from __future__ import annotations

import csv
import hashlib
import logging
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.certification import writeback
from shebao.certification.cycle import add_months
from shebao.certification.evidence import sql_text
from shebao.certification.models import Cycle, SilentRun
from shebao.certification.payments import death_record
from shebao.certification.policy import policy
from shebao.certification.states import Method
from shebao.core import events
from shebao.core.audit import log_action
from shebao.core.idcards import convert_15_to_18
from shebao.people.models import IdentityDocument, Recipient, RecipientStatus
from shebao.records.services import file_sha256

logger = logging.getLogger(__name__)
CHUNK = 2000
# Evidence sources whose death records the platform believes (certification.models.DeathSource).
DEATH_SOURCES = {
    "civil_affairs": "civil_affairs",
    "public_security": "public_security",
    "medical": "hospital",
}


def run_key(files: list[Path], until: date) -> tuple[str, list[dict]]:
    described = sorted(({"name": f.name, "sha256": file_sha256(f)} for f in files), key=lambda d: d["sha256"])
    text = until.isoformat() + "".join(d["sha256"] for d in described)
    return hashlib.sha256(text.encode()).hexdigest(), described


def _since(recipient: Recipient, cycle: Cycle | None) -> date:
    if cycle is not None and cycle.last_certified_on:
        return cycle.last_certified_on
    if recipient.next_certification_due:
        return add_months(recipient.next_certification_due, -policy().period_months)
    return recipient.start_date - timedelta(days=1)


def recipients_export(path: Path) -> int:
    """The recipients still paid or suspended, by resident ID number (18 digits), and the day after which
    a sign of life counts: Parquet, as the matching step reads it."""
    import duckdb

    numbers = {}
    for person_id, doc_type, number in IdentityDocument.objects.filter(
        doc_type__in=("resident_id", "resident_id_15")
    ).values_list("person_id", "doc_type", "number"):
        numbers[person_id] = (convert_15_to_18(number) if doc_type == "resident_id_15" else number).upper()
    rows = 0
    with tempfile.TemporaryDirectory() as scratch:
        text = Path(scratch) / "recipients.csv"
        with text.open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["recipient_id", "id_number", "since"])
            recipients = Recipient.objects.filter(
                status__in=(RecipientStatus.ACTIVE, RecipientStatus.SUSPENDED)
            )
            cycles = dict(Cycle.objects.values_list("recipient_id", "last_certified_on"))
            for recipient in recipients.iterator(chunk_size=5000):
                if recipient.person_id not in numbers:
                    continue
                last = cycles.get(recipient.pk)
                since = last or _since(recipient, None)
                writer.writerow([recipient.pk, numbers[recipient.person_id], since.isoformat()])
                rows += 1
        columns = (
            "recipient_id::BIGINT AS recipient_id, id_number::VARCHAR AS id_number, since::DATE AS since"
        )
        source = "read_csv(?, header = true, all_varchar = true)"
        copy = f"COPY (SELECT {columns} FROM {source}) TO {sql_text(path)} (FORMAT PARQUET)"  # noqa: S608
        duckdb.connect().execute(copy, [str(text)])
    return rows


def silent_run(*, files: list[Path], until: date, engine: str = "duckdb", actor=None,
               chunk: int = CHUNK) -> SilentRun:  # fmt: skip
    """Match the evidence files against the recipients and write the results back. The same files again:
    the finished run, unchanged; a run that stopped half-way: continued from its resume point."""
    from shebao.certification import evidence, matching

    for f in files:
        evidence.check_structure(f)  # a file with a bad structure is refused whole, before anything runs
    key, described = run_key(files, until)
    run, _created = SilentRun.objects.get_or_create(
        key=key, defaults={"engine": engine, "until": until, "files": described, "started_by": actor}
    )
    if run.state == "done":
        return run
    with tempfile.TemporaryDirectory() as scratch:
        recipients = Path(scratch) / "recipients.parquet"
        out = Path(scratch) / "matched.parquet"
        recipients_export(recipients)
        report = matching.run(files, recipients, out, until=until, engine=engine, temp_dir=Path(scratch))
        applied = results_apply(run=run, matched=out, chunk=chunk)
    return _finished(run, report.as_dict(), applied, actor)


def _finished(run: SilentRun, report: dict, applied: dict, actor) -> SilentRun:
    run.report = {**report, "applied": applied, "left_to_reach": left_to_reach(run.until)}
    run.state, run.finished_at = "done", timezone.now()
    run.save(update_fields=["report", "state", "finished_at"])
    log_action("certification.run.finished", actor=actor, obj=run, data={"applied": applied})
    return run


def cluster_output_apply(*, folder: Path, until: date, cluster_report: dict | None = None, actor=None,
                         chunk: int = CHUNK) -> SilentRun:  # fmt: skip
    """Write back what the matching step wrote on a cluster (spark-submit ... --out hdfs:///silent/...):
    its directory of Parquet parts, copied here. The run is keyed by the parts' hashes and the day, so the
    same output again changes nothing and a write-back that was killed continues. `cluster_report` is the
    JSON spark-submit printed (rows read, bad rows by file); the outcome is counted from the parts."""
    from shebao.certification import evidence, matching

    parts = sorted(folder.glob("*.parquet"))
    if not parts:
        raise evidence.EvidenceRefused(
            folder, _("No Parquet parts in this folder: copy the cluster's output directory here first.")
        )
    key, described = run_key(parts, until)
    run, _created = SilentRun.objects.get_or_create(
        key=key, defaults={"engine": "spark", "until": until, "files": described, "started_by": actor}
    )
    if run.state == "done":
        return run
    glob = Path(f"{folder}/*.parquet")
    base = matching.MatchReport(engine="spark", **{
        k: v for k, v in (cluster_report or {}).items() if k in ("rows_read", "bad_rows")
    })  # fmt: skip
    report = matching.outcome_read(base, glob)
    applied = results_apply(run=run, matched=glob, chunk=chunk)
    return _finished(run, report.as_dict(), applied, actor)


def left_to_reach(day: date) -> dict[str, int]:
    """Recipients still to certify (due within the reminder period, overdue or suspended), by home agency:
    the outlets and postmen of each work through the list (the overdue page, nearest first)."""
    due_by = day + timedelta(days=policy().due_soon_days)
    waiting = Recipient.objects.filter(status__in=(RecipientStatus.ACTIVE, RecipientStatus.SUSPENDED)).filter(
        models.Q(next_certification_due__lte=due_by) | models.Q(status=RecipientStatus.SUSPENDED)
    )
    counts = waiting.values("home_agency__name").annotate(n=models.Count("pk")).order_by("home_agency__name")
    return {row["home_agency__name"]: row["n"] for row in counts}


def _matched_chunks(path: Path, after: int, size: int):
    import duckdb

    con = duckdb.connect()
    cursor = con.execute(
        "SELECT recipient_id, last_life, life_sources, last_life_file, death_date, death_source "
        "FROM read_parquet(?) WHERE recipient_id > ? ORDER BY recipient_id",
        [str(path), after],
    )
    while rows := cursor.fetchmany(size):
        yield rows


def results_apply(*, run: SilentRun, matched: Path, chunk: int = CHUNK) -> dict[str, int]:
    """Write the matched rows back, one transaction per chunk, resuming after `run.applied_upto`."""
    counts: Counter = Counter(run.report.get("applied", {}))
    for rows in _matched_chunks(matched, run.applied_upto, chunk):
        with transaction.atomic():
            counts.update(_apply_chunk(run, rows))
            run.applied_upto = rows[-1][0]
            run.report = {**run.report, "applied": dict(counts)}
            run.save(update_fields=["applied_upto", "report"])
        chunk_done(run)
    return dict(counts)


def chunk_done(run: SilentRun) -> None:
    """A seam for the crash test: after each committed chunk."""


def _apply_chunk(run: SilentRun, rows: list[tuple]) -> Counter:
    counts: Counter = Counter()
    recipients = Recipient.objects.in_bulk([row[0] for row in rows])
    last_certified = dict(
        Cycle.objects.filter(recipient_id__in=recipients).values_list("recipient_id", "last_certified_on")
    )
    certified: list[writeback.Staged] = []
    resumed = []
    for recipient_id, last_life, sources, life_file, death_date, death_source in rows:
        recipient = recipients.get(recipient_id)
        if recipient is None or recipient.status == RecipientStatus.STOPPED:
            continue
        if death_date is not None:  # death first: a sign of life dated after it proves nothing
            source = DEATH_SOURCES.get(death_source, "civil_affairs")
            death_record(
                recipient=recipient, died_on=death_date, source=source, reference=f"SR{run.pk}", run=run
            )
            counts["deaths"] += 1
            continue
        last = last_certified.get(recipient_id)
        if last_life is None or (last and last_life <= last):
            counts["already_certified"] += 1
            continue
        next_due = add_months(last_life, policy().period_months)
        certified.append((recipient_id, last_life, sources[:60], (life_file or "")[:255], next_due))
        if recipient.status == RecipientStatus.SUSPENDED:
            resumed.append((recipient, last_life))
        counts["certified"] += 1
    writeback.certified_write(run.pk, certified)
    _resume(resumed)
    events.publish_many("certification.recipient.certified", [
        (recipients[recipient_id].person_id, {"period": last_life.isoformat(), "method": Method.SILENT})
        for recipient_id, last_life, *_rest in certified
    ])  # fmt: skip
    log_action("certification.run.chunk_applied", obj=run, data=dict(counts))
    return counts


def _resume(resumed) -> None:
    from shebao.certification.payments import benefit_resume

    today = timezone.localdate()
    for recipient, _day in resumed:
        benefit_resume(recipient=recipient, day=today)
