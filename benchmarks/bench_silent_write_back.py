"""Writing a silent certification run's results back to PostgreSQL (`make bench`: 50,000 recipients, all
certified by one evidence file, a third of them with a bound relative; 2,000 in `make bench-quick`).

The matching step runs once; both sides then write the same matched rows, 2,000 a transaction, with the
notices the shipped scenarios ask for (certification_done: the person and bound relatives, inbox and text):
- ours: `silent.results_apply` (the chunk staged by COPY and written by three set-based statements; the
  chunk's events published at once, notices and deliveries written per batch);
- baseline: the plain ORM way a good engineer writes first (and the product did until this benchmark):
  per chunk `bulk_create` of the certifications and cycles, `bulk_update` of the due dates and cycles, and
  one event per certification, each making its notice and deliveries.
Between the two the written rows are deleted and the due dates restored (then VACUUM ANALYZE); the final
states (certifications, due dates, cycles, notices, deliveries) are checked equal.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

from benchmarks.report import Row, print_table, quick

PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
DB_NAME = "bench_silent_write_back"
ROOT = Path(__file__).resolve().parent.parent
UNTIL = date(2026, 12, 1)


def main() -> None:
    """`make bench` may already have set Django up on SQLite: measure in a child process on PostgreSQL."""
    env = {**os.environ, "DATABASE_URL": PG_URL, "DATABASE_TEST_NAME": DB_NAME,
           "DJANGO_SETTINGS_MODULE": "shebao.settings", "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_silent_write_back", "--child"], env=env,
                          cwd=ROOT, check=False)  # fmt: skip
    if done.returncode:
        print(f"bench_silent_write_back failed (exit {done.returncode}); is PostgreSQL at {PG_URL}?")


def _number(i: int) -> str:
    """A valid resident ID number per i (birth 1930-1969 by thousands, sequence by units)."""
    from shebao.people.demo import with_check_digit

    year, month, day = 1930 + (i // 1000) % 40, 1 + (i // 40_000) % 12, 1 + (i // 480_000) % 28
    body = f"500103{year:04d}{month:02d}{day:02d}{i % 1000:03d}"
    return with_check_digit(body)


def _world(n: int, folder: Path) -> Path:
    """n recipients (every third with a bound son) and one medical-insurance file with a visit for each."""
    from shebao.people.citizen_models import ProxyBinding
    from shebao.people.models import IdentityDocument, Person, Recipient
    from shebao.testing import make_cast

    cast = make_cast()
    people = Person.objects.bulk_create(
        [Person(name=f"张{i}", phone=f"139{i:08d}") for i in range(n)], batch_size=5000
    )
    sons = Person.objects.bulk_create(
        [Person(name=f"张{i}子", phone=f"138{i:08d}") for i in range(0, n, 3)], batch_size=5000
    )
    ProxyBinding.objects.bulk_create(
        [
            ProxyBinding(proxy=son, principal=people[3 * k], relation="child", consent="sms")
            for k, son in enumerate(sons)
        ],
        batch_size=5000,
    )
    numbers = [_number(i) for i in range(n)]
    IdentityDocument.objects.bulk_create(
        [IdentityDocument(person=p, doc_type="resident_id", number=numbers[i]) for i, p in enumerate(people)],
        batch_size=5000,
    )
    Recipient.objects.bulk_create(
        [Recipient(person=p, benefit_type="employee_pension", home_agency=cast.yuzhong,
                   monthly_amount=Decimal("2800"), start_date=date(2010, 1, 1),
                   next_certification_due=date(2026, 12, 31)) for p in people],
        batch_size=5000,
    )  # fmt: skip
    evidence = folder / "medical-2026-11.csv"
    with evidence.open("w", encoding="utf-8") as out:
        out.write("id_number,event_date,event,source\n")
        out.writelines(
            f"{number},2026-11-{1 + i % 28:02d},life,medical\n" for i, number in enumerate(numbers)
        )
    return evidence


def _baseline_chunk(run, rows) -> Counter:
    """The plain ORM write of one chunk (the product's before this benchmark), one event per certification."""
    from shebao.certification import silent
    from shebao.certification.cycle import add_months
    from shebao.certification.models import Certification, Cycle
    from shebao.certification.policy import policy
    from shebao.certification.states import Method
    from shebao.core import events
    from shebao.people.models import Recipient

    counts: Counter = Counter()
    recipients = Recipient.objects.in_bulk([row[0] for row in rows])
    cycles = {c.recipient_id: c for c in Cycle.objects.filter(recipient_id__in=recipients)}
    made, due_changes, cycle_changes = [], [], []
    for recipient_id, last_life, sources, life_file, _death_date, _death_source in rows:
        recipient = recipients[recipient_id]
        cycle = cycles.get(recipient_id) or Cycle(recipient=recipient)
        if last_life is None or (cycle.last_certified_on and last_life <= cycle.last_certified_on):
            counts["already_certified"] += 1
            continue
        made.append(Certification(
            recipient=recipient, certified_on=last_life, method=Method.SILENT, run=run,
            evidence_source=sources[:60], evidence_date=last_life, evidence_file=(life_file or "")[:255],
        ))  # fmt: skip
        cycle.last_certified_on, cycle.last_method = last_life, Method.SILENT
        cycle_changes.append(cycle)
        recipient.next_certification_due = add_months(last_life, policy().period_months)
        due_changes.append(recipient)
        counts["certified"] += 1
    Certification.objects.bulk_create(made, ignore_conflicts=True)
    Recipient.objects.bulk_update(due_changes, ["next_certification_due"])
    Cycle.objects.bulk_create([c for c in cycle_changes if c.pk is None])
    Cycle.objects.bulk_update(
        [c for c in cycle_changes if c.pk is not None], ["last_certified_on", "last_method"]
    )
    for certification in made:
        events.publish("certification.recipient.certified", person_id=certification.recipient.person_id,
                       period=certification.certified_on.isoformat(), method=Method.SILENT)  # fmt: skip
    silent.log_action("certification.run.chunk_applied", obj=run, data=dict(counts))
    return counts


def _baseline_apply(run, matched: Path) -> dict:
    from django.db import transaction

    from shebao.certification import silent

    counts: Counter = Counter()
    for rows in silent._matched_chunks(matched, run.applied_upto, silent.CHUNK):
        with transaction.atomic():
            counts.update(_baseline_chunk(run, rows))
            run.applied_upto = rows[-1][0]
            run.save(update_fields=["applied_upto"])
    return dict(counts)


def _state() -> dict:
    from shebao.certification.models import Certification, Cycle
    from shebao.notify.models import Delivery
    from shebao.people.models import Recipient

    return {
        "certifications": sorted(Certification.objects.values_list(
            "recipient_id", "certified_on", "method", "evidence_source", "evidence_date", "evidence_file")),
        "due": sorted(Recipient.objects.values_list("pk", "next_certification_due")),
        "cycles": sorted(Cycle.objects.values_list("recipient_id", "last_certified_on", "last_method")),
        "deliveries": sorted(Delivery.objects.values_list(
            "notice__person_id", "notice__period", "person_id", "audience", "channel", "state", "body")),
    }  # fmt: skip


def _reset() -> None:
    from django.db import connection

    from shebao.certification.models import Certification, Cycle
    from shebao.notify.models import Delivery, Notice
    from shebao.people.models import Recipient

    Delivery.objects.all().delete()
    Notice.objects.all().delete()
    Certification.objects.all().delete()
    Cycle.objects.all().delete()
    Recipient.objects.update(next_certification_due=date(2026, 12, 31))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _timed(apply, run, matched: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    counts = apply(run=run, matched=matched)
    return time.perf_counter() - start, counts


def child() -> None:
    import secrets

    import django

    os.environ.setdefault("AUDIT_KEY", secrets.token_hex(32))
    django.setup()
    from django.db import connection

    from shebao.certification import matching, silent
    from shebao.certification.models import SilentRun

    if connection.vendor != "postgresql":
        print("bench_silent_write_back needs PostgreSQL")
        return
    n = 500 if quick() else 50_000
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            evidence = _world(n, folder)
            recipients, matched = folder / "recipients.parquet", folder / "matched.parquet"
            silent.recipients_export(recipients)
            matching.run([evidence], recipients, matched, until=UNTIL, temp_dir=folder)
            _reset()
            base_seconds, base_counts = _timed(
                lambda **kw: _baseline_apply(kw["run"], kw["matched"]),
                SilentRun.objects.create(key="b" * 64, until=UNTIL),
                matched,
            )
            base_state = _state()
            _reset()
            ours_seconds, ours_counts = _timed(
                silent.results_apply, SilentRun.objects.create(key="o" * 64, until=UNTIL), matched
            )
            ours_state = _state()
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    assert ours_counts == base_counts == {"certified": n}, (ours_counts, base_counts)
    assert ours_state == base_state, "the two write-backs left different rows"
    deliveries = len(ours_state["deliveries"])
    rows = [
        Row("write-back of the matched rows, with notices", ours_seconds, base_seconds, "s"),
        Row("certifications written", n / ours_seconds, n / base_seconds, "rows/s", lower_is_better=False),
    ]
    print_table(
        f"Silent run write-back: {n:,} certifications, {deliveries:,} deliveries, PostgreSQL",
        "plain ORM, one event at a time",
        rows,
        [f"Both sides wrote the same {n:,} certifications, due dates and cycles and the same {deliveries:,} "
         "deliveries (checked equal); chunks of 2,000, one transaction each."],
    )  # fmt: skip


if __name__ == "__main__" and "--child" in sys.argv:
    child()
