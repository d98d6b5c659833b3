"""`python -m shebao <command>`: the project's commands (seed-demo, verify-audit, ...) and Django's own.

Dashes are accepted for underscores, so `python -m shebao verify-audit` runs `verify_audit`.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "python -m shebao"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
