"""Issue 12: restore checks a backup's manifest before changing anything, and refuses with a message that
says why: a backup of the other kind of database, a part that does not match its checksum, a chain sealed
with another audit key, migrations this release does not know."""

import io
import json
import secrets
import tarfile
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from shebao.core.audit import log_action
from shebao.core.auditchain import seal_pending
from shebao.people.models import Person

# Transactional: SQLite's backup API cannot copy a database from inside the test's open transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("cases/2026/11/scan.pdf", io.BytesIO(b"%PDF-1.4 a scan"))
    log_action("test.before_the_backup")
    seal_pending()
    path = tmp_path / "backup.tar.gz"
    call_command("backup", output=path, stdout=StringIO())
    Person.objects.filter(pk=cast.person.pk).update(name="改过的名字")
    return path


def rewritten(path, change):
    """The archive with its members passed through change(name, bytes) -> (name, bytes)."""
    with tarfile.open(path, "r:gz") as tar:
        members = [(m.name, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]
    out = path.with_name("changed.tar.gz")
    with tarfile.open(out, "w:gz") as tar:
        for name, content in (change(n, c) for n, c in members):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return out


def manifest_changed(**fields):
    def change(name, content):
        if name != "manifest.json":
            return name, content
        return name, json.dumps({**json.loads(content), **fields}).encode()

    return change


def refusal(path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", path, interactive=False, stdout=StringIO())
    return str(refused.value)


def nothing_changed(cast):
    return Person.objects.get(pk=cast.person.pk).name == "改过的名字"


def test_a_backup_of_the_other_kind_of_database_is_refused(archive, cast):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    message = refusal(rewritten(archive, manifest_changed(vendor=other)))
    assert "restore refused, nothing was changed" in message
    assert "restore it on a server of the same kind" in message
    assert nothing_changed(cast)


def test_a_scan_that_does_not_match_its_checksum_is_refused(archive, cast):
    def damage(name, content):
        return name, content + b"x" if name.startswith("media/") else content

    message = refusal(rewritten(archive, damage))
    assert "media/cases/2026/11/scan.pdf does not match its checksum" in message
    assert nothing_changed(cast)


def test_a_file_slipped_into_the_backup_is_refused(archive, cast):
    def slip(name, content):
        return ("media/extra.pdf" if name.startswith("media/") else name), content

    assert "differ from its manifest" in refusal(rewritten(archive, slip))
    assert nothing_changed(cast)


def test_a_backup_sealed_with_another_audit_key_is_refused(archive, cast, settings):
    settings.SHEBAO = {**settings.SHEBAO, "AUDIT_KEY": secrets.token_hex(32).encode()}
    assert "sealed with another audit key" in refusal(archive)
    assert nothing_changed(cast)


def test_a_backup_of_a_newer_release_is_refused(archive, cast):
    message = refusal(rewritten(archive, manifest_changed(migrations={"core": "9999_from_the_future"})))
    assert "made by a newer release" in message
    assert "core.9999_from_the_future" in message
    assert nothing_changed(cast)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar file")
    assert "is not a readable backup" in refusal(junk)
