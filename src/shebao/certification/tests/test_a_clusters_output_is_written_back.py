"""On a province's cluster the matching step runs under spark-submit and leaves a directory of Parquet
parts (and _SUCCESS) on the cluster's storage; copied here, `certify-silent-apply` writes it back as a run
keyed by the parts: the same outcome as the embedded run, the same folder again changes nothing, a
write-back killed half-way continues, and a folder without parts is refused with nothing written."""

import json
from datetime import date

import duckdb
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shebao.certification import matching, silent
from shebao.certification.models import Certification, Death, SilentRun
from shebao.certification.tests.helpers import killed_after_the_first_chunk
from shebao.certification.tests.test_silent_runs_write_back_once import UNTIL, evidence, people, state
from shebao.people.models import Recipient

pytestmark = pytest.mark.django_db
__all__ = ["people"]  # the fixture, imported for these tests


def cluster_output(tmp_path):
    """What spark-submit leaves (copied here): the matched rows split into parts, a _SUCCESS marker, and
    the JSON report it printed."""
    recipients, matched = tmp_path / "recipients.parquet", tmp_path / "matched.parquet"
    silent.recipients_export(recipients)
    report = matching.run(evidence(tmp_path), recipients, matched, until=UNTIL)
    folder = tmp_path / "silent-2026-12"
    folder.mkdir()
    con = duckdb.connect()
    for part in (0, 1):
        con.execute(f"COPY (SELECT * FROM read_parquet('{matched}') WHERE recipient_id % 2 = {part}) "
                    f"TO '{folder}/part-0000{part}-c000.snappy.parquet' (FORMAT PARQUET)")  # fmt: skip
    (folder / "_SUCCESS").write_text("")
    printed = tmp_path / "report.json"
    printed.write_text(json.dumps({"engine": "spark", "rows_read": report.rows_read,
                                   "bad_rows": report.bad_rows}), encoding="utf-8")  # fmt: skip
    return folder, printed, report


def test_the_clusters_output_certifies_as_the_embedded_run_does(tmp_path, people, capsys):
    folder, printed, embedded = cluster_output(tmp_path)
    call_command("certify_silent_apply", str(folder), "--until", "2026-12-01", "--report", str(printed))
    shown = json.loads(capsys.readouterr().out)
    run = SilentRun.objects.get()
    assert shown["run"] == run.pk and run.engine == "spark" and run.state == "done"
    assert run.report["applied"] == {"certified": 2, "deaths": 1}
    assert run.report["bad_rows"] == {"medical-2026-11.csv": {"bad_id_number": 1}}
    for measure in ("rows_read", "certified", "by_source", "by_number_of_sources", "deaths"):
        assert run.report[measure] == getattr(embedded, measure), measure
    assert Certification.objects.get(recipient=people["mother"]).certified_on == date(2026, 11, 25)
    assert Recipient.objects.get(pk=people["father"].pk).status == "stopped" and Death.objects.count() == 1
    before = state()
    call_command("certify_silent_apply", str(folder), "--until", "2026-12-01")
    assert state() == before and SilentRun.objects.count() == 1


def test_a_write_back_killed_half_way_continues(tmp_path, people, monkeypatch):
    folder, _printed, _embedded = cluster_output(tmp_path)
    killed_after_the_first_chunk(monkeypatch)
    with pytest.raises(SystemExit):
        silent.cluster_output_apply(folder=folder, until=UNTIL, chunk=1)
    assert SilentRun.objects.get().state == "running"
    assert Certification.objects.count() + Death.objects.count() == 1
    run = silent.cluster_output_apply(folder=folder, until=UNTIL, chunk=1)
    assert run.state == "done" and run.report["applied"] == {"certified": 2, "deaths": 1}
    assert Certification.objects.count() == 2 and Death.objects.count() == 1


def test_a_folder_without_parts_is_refused(tmp_path, people):
    empty = tmp_path / "silent-2026-12"
    empty.mkdir()
    (empty / "_SUCCESS").write_text("")
    with pytest.raises(CommandError, match="Parquet"):
        call_command("certify_silent_apply", str(empty), "--until", "2026-12-01")
    assert not SilentRun.objects.exists() and not Certification.objects.exists()
