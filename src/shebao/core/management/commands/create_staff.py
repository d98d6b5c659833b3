"""Create a member of staff from the command line, e.g. the first administrator of a fresh installation:

    python -m shebao create-staff chen.admin --name 陈明 --agency 500000 --role admin

The password is asked for (twice) unless --password-stdin reads it from standard input. Administrators
then sign in, set up their authenticator, and keep everyone else in the admin.
"""

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from shebao.core.errors import ApplicationError
from shebao.core.models import Role
from shebao.core.services import staff_create


class Command(BaseCommand):
    help = "Create a member of staff (user, staff profile, roles); the password passes the password rules."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="display name")
        parser.add_argument("--agency", required=True, help="6-digit code of the agency")
        parser.add_argument("--outlet", default="", help="outlet code, for staff at an outlet")
        parser.add_argument("--role", action="append", required=True, choices=Role.values)
        parser.add_argument("--password-stdin", action="store_true")

    def handle(self, *args, **options):
        password = self._password(options["password_stdin"])
        try:
            profile = staff_create(
                username=options["username"],
                password=password,
                display_name=options["name"],
                agency_code=options["agency"],
                outlet_code=options["outlet"],
                roles=options["role"],
            )
        except ApplicationError as error:
            details = "; ".join(f"{field}: {message}" for field, message in error.as_dict()["fields"].items())
            raise CommandError(f"{error.message} {details}".strip()) from None
        self.stdout.write(
            f"created {profile.user.username} ({', '.join(options['role'])}) at {profile.agency}"
        )

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
