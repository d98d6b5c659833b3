"""What a process may keep of data that changes seldom and is read on every request (the catalogue that
each intake checks against): kept for as long as the data's stamp stays the same.

A stamp is a random token in `core_datastamp`, replaced by database triggers on every insert, update,
delete (and, on PostgreSQL, truncate) of the data's tables, whoever writes them: the ORM, a
`QuerySet.update()`, the admin, a migration or plain SQL. So no writer can forget to say that it
changed something, and a transaction rolled back takes its token with it. Reading the stamp is one
small statement per request (remembered for the request by core.requestmemo) instead of the rows.

The token is read before the rows it labels, so a change committed in between is at worst kept under
the older token and dropped at the next request; never older rows under a newer token."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from django.db import connection, migrations

from shebao.core.requestmemo import remembered

T = TypeVar("T")
CATALOGUE = "catalogue"  # the items, their guide versions and materials, bundles, review flows and steps
NETWORK = "network"  # the cooperation points' agreements and the staff they name
STAFF = "staff"  # the posts staff hold and the stand-ins (B角) named for them
DEVICES = "devices"  # staff's second-factor devices (enrolled, confirmed, used: each use writes the row)
USERS = "users"  # the users, their staff profiles, agencies and outlets (a sign-in writes the user's row)
# Answers kept per stamp (an item's rows for a day, one member of staff's posts for a day...): a bound, not a
# tuning; past it the stamp's answers are dropped and read again.
MOST_KEPT = 5_000


def _tokens() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, token FROM core_datastamp")
        return dict(cursor.fetchall())


def current_token(name: str) -> str | None:
    """The data's token now; None where no write has set one since the table was emptied (then nothing
    is kept). Every stamp is read in one statement, once per request."""
    return remembered("core.stamps", _tokens).get(name)


class Stamped(Generic[T]):
    """Answers computed from the data named `name`, kept in this process while its token is unchanged.
    Keep only what the caller will not change: every request shares the same objects.

    Within one request the token is read once: what the request itself then writes to the data is not
    seen by its own later reads through here (the next request sees it)."""

    def __init__(self, name: str):
        self.name = name
        self._lock = threading.Lock()
        self._token: str | None = None
        self._kept: dict[Hashable, T] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        # Asked again in the same request, the answer is the request's own even when it was not kept.
        return remembered(("core.stamps", self.name, key), lambda: self._get(key, compute))

    def _get(self, key: Hashable, compute: Callable[[], T]) -> T:
        token = current_token(self.name)
        if token is None:
            return compute()
        with self._lock:
            if token != self._token:
                self._token, self._kept = token, {}
            if key in self._kept:
                return self._kept[key]
        value = compute()
        # Inside a transaction, kept only if the token is still the one looked up, read afresh: if this
        # connection's open transaction wrote the data, the rows just read may never be committed, and the
        # other requests of the process, still seeing the old token, must not be served them. Outside one
        # (autocommit: the middleware, an intake's checks) every row read is committed: no second read.
        if connection.in_atomic_block and _tokens().get(self.name) != token:
            return value
        with self._lock:
            if self._token == token:
                if len(self._kept) >= MOST_KEPT:
                    self._kept.clear()
                self._kept[key] = value
        return value


# --- The triggers (used by the migrations of the apps that own the tables) ----------------------------

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION core_datastamp_touch() RETURNS trigger AS $$
BEGIN
  INSERT INTO core_datastamp (name, token) VALUES (TG_ARGV[0], md5(random()::text || clock_timestamp()::text))
  ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token;
  RETURN NULL;
END; $$ LANGUAGE plpgsql;
"""
_EVENTS = ("INSERT", "UPDATE", "DELETE")
_SQLITE_TOKEN = "lower(hex(randomblob(16)))"


def stamp_triggers(schema_editor, name: str, tables: list[str]) -> None:
    """Make every write to `tables` replace the token of `name` (names from our migrations, checked to be
    plain identifiers since SQL cannot take them as parameters)."""
    assert all(x.isidentifier() for x in (name, *tables)), (name, tables)
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(_POSTGRES_FUNCTION)
    # A first token, so data no one has written yet (no device enrolled so far) is kept too.
    schema_editor.execute(
        "INSERT INTO core_datastamp (name, token) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING",
        [name, secrets.token_hex(16)],
    )
    for table in tables:
        if postgres:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION core_datastamp_touch('{name}')"
            )
            continue
        touch = f"INSERT OR REPLACE INTO core_datastamp (name, token) VALUES ('{name}', {_SQLITE_TOKEN})"  # noqa: S608
        for event in _EVENTS:  # SQLite has row triggers only, one event each
            schema_editor.execute(
                f"CREATE TRIGGER {table}_stamp_{event.lower()} AFTER {event} ON {table} BEGIN {touch}; END"
            )


def drop_stamp_triggers(schema_editor, tables: list[str]) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for table in tables:
        if postgres:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}")
            continue
        for event in _EVENTS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp_{event.lower()}")


def triggers_operation(name: str, tables: list[str]) -> migrations.RunPython:
    """The migration step that adds the triggers of `name` on `tables` (and takes them away on reversal)."""
    return migrations.RunPython(
        lambda apps, schema_editor: stamp_triggers(schema_editor, name, tables),
        lambda apps, schema_editor: drop_stamp_triggers(schema_editor, tables),
    )
