"""`heli` console script: Django's manage command with the project's own commands added."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heli.settings")
    argv = sys.argv[:]
    argv[0] = "heli"
    if _migrate_from_template(argv[1:]):
        return
    # Imported only now: the management machinery is a third of a template restore's start-up.
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


PLAIN_MIGRATE = {"--noinput", "--no-input", "-v", "--verbosity", "0", "1", "2", "3"}


def _migrate_from_template(args: list[str]) -> bool:
    """`heli migrate` (no app, no options beyond verbosity) of an empty SQLite file copies the
    migrated template without starting Django; anything else goes to the migrate command."""
    if not args or args[0] != "migrate" or not set(args[1:]) <= PLAIN_MIGRATE:
        return False
    from core import migrate_template

    source = migrate_template.restore_file()
    if source is not None and not {"0"} & set(args[1:]):
        print(f"Database created from the migrated template {source}")
    return source is not None


if __name__ == "__main__":
    main()
