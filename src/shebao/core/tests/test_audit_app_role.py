"""PostgreSQL: the app connects as a role that owns no table (grant-app-role), so whoever takes over its
connection can neither drop the audit log's triggers nor delete, truncate or rewrite entries; it can
still write entries and seal them, which is all the app does."""

import secrets

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def app_role():
    """A login role of our own (roles are shared by the whole server: a random name), dropped after."""
    if connection.vendor != "postgresql":
        pytest.skip("roles are a PostgreSQL matter")
    name, password = f"shebao_app_{secrets.token_hex(4)}", secrets.token_hex(16)
    with connection.cursor() as cursor:
        # Inline, not a parameter: a statement like CREATE ROLE takes none (the connection binds parameters
        # on the server); the password is hex digits only.
        cursor.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    try:
        yield name, password
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {name}")
            cursor.execute(f"DROP ROLE {name}")


def connect_as(role: str, password: str) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, dbname=s["NAME"], user=role, password=password
    )


def refused(conn: psycopg.Connection, statement: str) -> str:
    """Run `statement` as the app role; it must fail. Returns the database's reason."""
    try:
        conn.execute(statement)
    except psycopg.Error as exc:
        conn.rollback()
        return str(exc)
    conn.rollback()
    raise AssertionError(f"the app role could run: {statement}")


def test_the_app_role_writes_and_seals_entries_but_cannot_remove_rewrite_or_unguard_them(app_role):
    call_command("grant_app_role", app_role[0])
    with connect_as(*app_role) as conn:
        entry_id = conn.execute(
            "INSERT INTO core_auditentry (at, actor_name, action, object_type, object_id, data, mac) "
            "VALUES (now(), '', 'core.test.happened', '', '', '{}', '') RETURNING id"
        ).fetchone()[0]
        conn.execute("UPDATE core_auditentry SET seq = 1, mac = %s WHERE id = %s", ["a" * 64, entry_id])
        conn.execute("SELECT 1 FROM core_audithead FOR UPDATE")  # the sealer's lock
        assert "must be owner" in refused(conn, "DROP TRIGGER core_auditentry_guard ON core_auditentry")
        assert "must be owner" in refused(conn, "ALTER TABLE core_auditentry DISABLE TRIGGER USER")
        assert "permission denied" in refused(conn, "DELETE FROM core_auditentry")
        assert "permission denied" in refused(conn, "TRUNCATE core_auditentry")
        assert "permission denied" in refused(conn, "UPDATE core_auditentry SET action = 'rewritten'")
        assert "permission denied" in refused(conn, "DELETE FROM core_audithead")
        assert "permission denied" in refused(conn, "CREATE TABLE core_shadow (id int)")
        # Everything else is ordinary row work.
        assert conn.execute("SELECT count(*) FROM cases_case").fetchone()[0] == 0


def test_the_deploy_check_warns_when_the_app_connects_as_the_owner():
    if connection.vendor != "postgresql":
        pytest.skip("roles are a PostgreSQL matter")
    from shebao.core.checks import app_role_owns_no_ddl

    assert [w.id for w in app_role_owns_no_ddl(None)] == ["shebao.W002"]
