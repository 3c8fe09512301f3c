"""`heli migrate`: Django's migrate; an empty SQLite file is copied from a template (migrate_template)."""

from typing import Any

from django.core.management.commands.migrate import Command as DjangoMigrate

from core import migrate_template


class Command(DjangoMigrate):
    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-template", action="store_true",
                            help="Run every migration even on an empty SQLite database.")

    def execute(self, *args: Any, **options: Any) -> Any:
        # Before the system checks: they import every URL and view (~1 s) to validate code that the
        # migrate which made the template already checked; a restore touches no code at all.
        alias = options["database"]
        plain = options["no_template"] or options["app_label"] or options["plan"] or options["fake"]
        self._empty = not plain and migrate_template.usable(alias)
        if self._empty and migrate_template.restore(alias):
            path = migrate_template.template_path()
            if options["verbosity"] >= 1:
                self.stdout.write(f"Database created from the migrated template {path}")
            return None
        return super().execute(*args, **options)

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        if self._empty:
            migrate_template.save(options["database"])
