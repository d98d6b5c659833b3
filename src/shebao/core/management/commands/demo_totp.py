"""Print the current second-factor code of a demo account, so a demo needs no authenticator app.

Only the accounts that core/demo.py creates are served: a real account's codes are never printed.
"""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from shebao.core.demo import DEMO_USERNAMES, demo_totp_device


class Command(BaseCommand):
    help = "Print the current 6-digit TOTP code of a demo account (demo accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        username = options["username"]
        if username not in DEMO_USERNAMES:
            raise CommandError(
                f"{username!r} is not a demo account; demo accounts: {', '.join(DEMO_USERNAMES)}"
            )
        device = demo_totp_device(username)
        if device is None:
            raise CommandError(
                f"{username!r} has no second-factor device (only roles that require one get it; "
                "has `python -m shebao seed_demo` run?)"
            )
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
