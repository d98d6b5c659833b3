"""Backups: the database, the uploaded files (scans, photos: the default storage's folder) and the audit
chain's checkpoint log, in one tar.gz with a manifest; restore checks the manifest and puts all three back.

A database without its scans, or without the checkpoints its audit chain is verified against, is not a
backup, so the three travel together and are taken consistently:
- the checkpoint log and the database are read while holding the lock the audit sealer takes, so no batch
  is sealed between them and the restored chain matches the restored log;
- the uploaded files are read after the database: a file is written before the row naming it commits, so
  every file the database refers to is in the backup (a later upload is an unused file, harmless).
The audit key is not in the backup: the chain is tamper-evident against whoever holds the database (a
stolen backup among them) only while the key is elsewhere. The manifest keeps its fingerprint, and restore
refuses a backup sealed with another key than the server's.

The database part: SQLite, an online copy through SQLite's backup API (consistent while the server runs,
WAL included); PostgreSQL, `pg_dump --format=custom`, restored with `pg_restore --clean --if-exists` in one
transaction (run it as the tables' owner, then `grant-app-role` again).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from shebao.core.audit import log_action
from shebao.core.auditchain import ChainStatus, chain_status, checkpoint_path, key_fingerprint, sealer_paused

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEDIA = "media"
CHECKPOINTS = "audit_checkpoints.log"


class BackupRefused(Exception):
    """The backup cannot be restored here; the message tells the operator why. Nothing was changed."""


@dataclass(frozen=True)
class Restored:
    manifest: dict
    kept_aside: list[Path]  # what the restore replaced, renamed beside it (the newer checkpoint log...)
    audit: ChainStatus
    unapplied_migrations: int


def media_root() -> Path:
    return Path(default_storage.location)


# --- Taking a backup ---------------------------------------------------------------------------------


def make_backup(target: Path) -> dict:
    """Write a backup to `target` (a .tar.gz, readable by its owner only); returns its manifest."""
    target.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="shebao-backup-") as tmp:
        work = Path(tmp)
        with sealer_paused():
            log = checkpoint_path()
            if log.exists():
                shutil.copyfile(log, work / CHECKPOINTS)
            _dump(vendor, work / DATABASE[vendor])
            heads = migration_heads()
        parts = {
            name: _sha256(work / name) for name in (DATABASE[vendor], CHECKPOINTS) if (work / name).exists()
        }
        media = {f"{MEDIA}/{path.relative_to(media_root()).as_posix()}": path for path in _media_files()}
        parts |= {name: _sha256(path) for name, path in media.items()}
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(timespec="seconds"),
            "vendor": vendor,
            "migrations": heads,
            "audit_key_fingerprint": key_fingerprint(),
            "parts": parts,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = target.with_name(target.name + ".partial")
        partial.touch(mode=0o600)  # personal data: readable by its owner only
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, MANIFEST)
            for name in parts:
                archive.add(media.get(name, work / name), name)
        partial.replace(target)
    return manifest


def _media_files() -> list[Path]:
    root = media_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def migration_heads() -> dict[str, str]:
    """The last migration applied of each app (names sort by their number)."""
    heads: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        heads[app] = max(heads.get(app, ""), name)
    return heads


def _dump(vendor: str, dest: Path) -> None:
    if vendor == "sqlite":
        # The backup API copies a consistent snapshot through the server's own locking (WAL included);
        # from inside a write transaction it would wait for that transaction's own lock forever.
        if connection.in_atomic_block:
            raise BackupRefused("a backup is taken outside a transaction")
        connection.ensure_connection()
        with closing(sqlite3.connect(dest)) as out:
            connection.connection.backup(out)
    elif vendor == "postgresql":
        _pg("pg_dump", "--format=custom", "--file", str(dest))
    else:
        raise BackupRefused(f"no backup for a {vendor} database")


def _pg(program: str, *args: str) -> None:
    """Run a PostgreSQL client on the database in settings.DATABASES; its own error message on failure."""
    s = connection.settings_dict
    binary = shutil.which(program)
    if binary is None:
        raise BackupRefused(f"{program} is not installed (Debian: apt-get install postgresql-client)")
    env = {
        **os.environ,
        "PGDATABASE": s["NAME"],
        "PGUSER": s["USER"] or "",
        "PGPASSWORD": s["PASSWORD"] or "",
    }
    if s["HOST"]:
        env["PGHOST"] = s["HOST"]
    if s["PORT"]:
        env["PGPORT"] = str(s["PORT"])
    if sslmode := s.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    done = subprocess.run([binary, *args], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupRefused(f"{program} failed: {done.stderr.strip()}")


# --- Restoring -----------------------------------------------------------------------------------------


def restore_backup(archive: Path) -> Restored:
    """Check the backup (manifest, vendor, checksums, audit key, migrations) before changing anything, then
    put back the database, the uploaded files and the checkpoint log, keeping what they replace beside
    them, and verify the audit chain."""
    with tempfile.TemporaryDirectory(prefix="shebao-restore-") as tmp:
        work = Path(tmp)
        manifest = _unpack(archive, work)
        _check(manifest, work)
        with sealer_paused():
            _load(manifest["vendor"], work / DATABASE[manifest["vendor"]])
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            kept = [
                *_put_back(work / CHECKPOINTS, checkpoint_path(), stamp),
                *_put_back(work / MEDIA, media_root(), stamp),
            ]
    audit = chain_status()
    # The chain itself says that it was taken back to the backup's state, and what was kept aside.
    log_action(
        "core.backup.restored",
        data={"created": manifest["created"], "sealed": audit.sealed, "kept_aside": [str(p) for p in kept]},
    )
    return Restored(manifest, kept, audit, _unapplied_migrations())


def _unpack(archive: Path, work: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # no absolute paths, links out or devices
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupRefused(f"{archive} is not a readable backup: {exc}") from None
    try:
        manifest = json.loads((work / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupRefused(f"{archive} has no readable {MANIFEST}: not a backup of this product") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(f"{archive} is a backup in a format this release does not read")
    return manifest


def _check(manifest: dict, work: Path) -> None:
    vendor, here = manifest.get("vendor"), connection.vendor
    if vendor != here:
        raise BackupRefused(
            f"this backup is of a {VENDOR_NAMES.get(vendor, vendor)} database and this server uses "
            f"{VENDOR_NAMES.get(here, here)}: restore it on a server of the same kind"
        )
    parts = manifest.get("parts", {})
    if DATABASE[vendor] not in parts:
        raise BackupRefused(f"the backup lacks its database ({DATABASE[vendor]})")
    found = {p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()} - {MANIFEST}
    if found != set(parts):
        raise BackupRefused(f"the backup's files differ from its manifest: {sorted(found ^ set(parts))[:5]}")
    for name, digest in sorted(parts.items()):
        if _sha256(work / name) != digest:
            raise BackupRefused(f"the backup is damaged: {name} does not match its checksum")
    if manifest.get("audit_key_fingerprint") != key_fingerprint():
        raise BackupRefused(
            "the backup's audit chain was sealed with another audit key than this server's (fingerprint "
            f"{manifest.get('audit_key_fingerprint')}, here {key_fingerprint()}): set AUDIT_KEY_FILE to "
            "that key first, or verify-audit will fail on every entry"
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}" for app, name in manifest.get("migrations", {}).items() if (app, name) not in known
    ]
    if unknown:
        raise BackupRefused(
            "the backup was made by a newer release (migrations unknown here: "
            f"{', '.join(sorted(unknown))}): restore it with that release"
        )


def _load(vendor: str, source: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(source)) as backup:
            backup.backup(connection.connection)
    else:
        # The app's connections hold no lock the DROPs would wait for; one transaction: all or nothing.
        connections.close_all()
        _pg(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-acl",
            "--dbname",
            connection.settings_dict["NAME"],
            str(source),
        )


def _put_back(source: Path, dest: Path, stamp: str) -> list[Path]:
    """Move `source` (a file or folder from the backup) to `dest`; whatever was at `dest` is renamed to
    `dest.before-restore-<stamp>`, never deleted: a newer checkpoint log is the evidence of what the
    restore took back, a newer upload may still be wanted."""
    kept = []
    if dest.exists():
        aside = dest.with_name(f"{dest.name}.before-restore-{stamp}")
        dest.rename(aside)
        kept.append(aside)
    if source.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, dest)
    return kept


def _unapplied_migrations() -> int:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    plan = {node for leaf in loader.graph.leaf_nodes() for node in loader.graph.forwards_plan(leaf)}
    return len(plan - set(loader.applied_migrations))
