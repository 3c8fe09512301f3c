"""`heli` console script: Django's manage command with the project's own commands added."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heli.settings")
    from django.core.management import execute_from_command_line

    argv = sys.argv[:]
    argv[0] = "heli"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
