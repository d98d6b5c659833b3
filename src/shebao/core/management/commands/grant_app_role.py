"""PostgreSQL: give the role the web server and jobs connect as what they need, and nothing more.

Run as the role that owns the tables (the one `migrate` runs as), after every `migrate`. The app role
then reads and writes rows, but owns no table, so it cannot drop or disable the audit log's triggers,
alter a table or grant itself more; on the audit log it may insert, and write a seal (seq, mac) once.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql


def grants(role: str) -> list[sql.Composed]:
    r = sql.Identifier(role)
    return [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(r),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(r),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(r),
        # The audit log: insert and seal only (the triggers refuse the rest to everyone).
        sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON core_auditentry, core_audithead FROM {}").format(r),
        sql.SQL("GRANT UPDATE (seq, mac) ON core_auditentry TO {}").format(r),
        sql.SQL("GRANT UPDATE (seq, mac, batch, signature) ON core_audithead TO {}").format(r),
    ]


class Command(BaseCommand):
    help = "PostgreSQL: grant the app's database role row access only (run as the owner, after migrate)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role in the DATABASE_URL the web server and jobs use")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("roles are a PostgreSQL matter: SQLite has none")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(f"there is no role {role!r}: CREATE ROLE it first (README)")
            for statement in grants(role):
                cursor.execute(statement)
        self.stdout.write(f"{role}: rows only; no DDL, and the audit log is insert-and-seal only")
