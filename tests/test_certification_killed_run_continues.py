"""Issue 17, done when: a silent run killed half-way (kill -9, not an exception) and run again gives the
same final state as one clean run: every recipient certified once, one notice each, the run done. The run
is a real `certify-silent` process on the test's PostgreSQL database, killed after its first chunks commit."""

import os
import signal
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from shebao.certification.models import Certification, Cycle, SilentRun
from shebao.notify import seed
from shebao.notify.models import Notice, Scenario, ScenarioVersion
from shebao.people.demo import with_check_digit
from shebao.people.models import IdentityDocument, Person, Recipient

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent
N = 600


def recipients_and_evidence(cast, folder: Path) -> Path:
    people = Person.objects.bulk_create([Person(name=f"赵{i}", phone=f"139{i:08d}") for i in range(N)])
    numbers = []
    for i in range(N):
        body = f"500103{1940 + i // 100:04d}0101{i % 100:03d}"
        numbers.append(with_check_digit(body))
    IdentityDocument.objects.bulk_create(
        [
            IdentityDocument(person=p, doc_type="resident_id", number=n)
            for p, n in zip(people, numbers, strict=True)
        ]
    )
    Recipient.objects.bulk_create([
        Recipient(person=p, benefit_type="employee_pension", home_agency=cast.yuzhong,
                  monthly_amount=Decimal(2800), start_date=date(2010, 1, 1),
                  next_certification_due=date(2026, 12, 31)) for p in people
    ])  # fmt: skip
    evidence = folder / "medical-2026-11.csv"
    lines = [f"{n},2026-11-{1 + i % 28:02d},life,medical\n" for i, n in enumerate(numbers)]
    evidence.write_text("id_number,event_date,event,source\n" + "".join(lines), encoding="utf-8")
    return evidence


def certify_silent(evidence: Path) -> subprocess.Popen:
    s = connection.settings_dict
    url = f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DATABASE_URL": url}
    env.pop("DATABASE_TEST_NAME", None)
    command = [
        sys.executable,
        "-m",
        "shebao",
        "certify-silent",
        "--until",
        "2026-12-01",
        "--chunk",
        "5",
        str(evidence),
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)


def test_a_run_killed_with_sigkill_and_run_again_certifies_everyone_once(cast, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the job's process and the test share the database: PostgreSQL only")
    seed.load(Scenario, ScenarioVersion)  # the shipped scenarios (a flushed database lost them)
    evidence = recipients_and_evidence(cast, tmp_path)
    job = certify_silent(evidence)
    deadline = time.monotonic() + 120
    while not SilentRun.objects.filter(applied_upto__gt=0).exists():
        assert job.poll() is None, job.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(job.pid, signal.SIGKILL)
    job.wait()
    killed = SilentRun.objects.get()
    written = Certification.objects.count()
    assert killed.state == "running" and 0 < written < N  # killed half-way, its committed chunks kept
    assert Notice.objects.count() == written  # each chunk's notices committed with it, none ahead
    again = certify_silent(evidence)
    _out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()[-2000:]
    run = SilentRun.objects.get()
    assert run.state == "done" and run.report["applied"] == {"certified": N}
    assert Certification.objects.values("recipient").distinct().count() == Certification.objects.count() == N
    assert Cycle.objects.filter(last_method="silent").count() == N
    assert Notice.objects.filter(scenario__code="certification_done").count() == N
    assert not Recipient.objects.filter(next_certification_due=date(2026, 12, 31)).exists()
