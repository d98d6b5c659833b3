"""Two scans of the same day in two processes at once (PostgreSQL: real concurrent transactions) write
each notice once: the unique key (scenario, person, period) decides, not luck."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from shebao.notify.models import Delivery, Notice
from shebao.people.models import InsuranceRecord, Person

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL pass"
    ),
]
ROOT = Path(__file__).resolve().parents[4]
PERSONS = 120

SCAN = """
import os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")
django.setup()
from datetime import date
from shebao.notify.scans import scan_notices
while not os.path.exists(sys.argv[1]):
    time.sleep(0.01)
print(scan_notices(date(2026, 12, 3))["retirement_unclaimed"])
"""


def test_two_processes_scanning_the_same_day_write_every_notice_once(cast, seeded, tmp_path):
    people = Person.objects.bulk_create(
        Person(name=f"测试{i}", sex="M", birth_date=date(1960, 1 + i % 12, 1), phone="13800001234")
        for i in range(PERSONS)
    )
    InsuranceRecord.objects.bulk_create(
        InsuranceRecord(person=p, insurance_type="employee_pension", home_agency=cast.yuzhong,
                        start_date=date(1990, 1, 1), status="active")
        for p in people
    )  # fmt: skip
    s = connection.settings_dict
    url = f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env |= {"DATABASE_URL": url, "PYTHONPATH": str(ROOT / "src"), "DEMO_OUTBOX": "true"}
    go = tmp_path / "go"
    runs = [
        subprocess.Popen([sys.executable, "-c", SCAN, str(go)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    go.touch()  # both start together
    outputs = [run.communicate(timeout=240) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err[-2000:] for _, err in outputs]
    written = [int(out.strip().splitlines()[-1]) for out, _ in outputs]
    assert sum(written) == PERSONS  # between them, each notice once
    notices = Notice.objects.filter(scenario__code="retirement_unclaimed")
    assert notices.count() == PERSONS
    assert notices.values("person").distinct().count() == PERSONS
    assert Delivery.objects.filter(notice__in=notices, channel="inbox", audience="person").count() == PERSONS
