import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string

# name -> function(**options) -> dict; each app owns its benchmark next to the code it measures.
BENCHES = {
    "intake": "cases.bench.bench_intake",
    "queue": "cases.bench.bench_queue",
    "parse": "intake.bench.bench_parse",
    "allocate": "matching.bench.bench_allocate",
    "match": "matching.bench.bench_match",
    "registry": "people.bench.bench_registry",
}
# Passed on only when given, so each benchmark keeps its own defaults.
OPTIONS = {"rows": int, "persons": int, "lines": int, "warehouses": int, "tasks": int, "volunteers": int,
           "k": int, "seconds": float, "clients": int, "workers": int, "bulk_rows": int, "seed": int}


class Command(BaseCommand):
    help = "Run a benchmark on a throwaway database; --json prints one JSON object as the last line."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=sorted(BENCHES))
        parser.add_argument("--json", action="store_true", help="print the result as JSON on the last line")
        parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite",
                            help="postgresql uses the server in DATABASE_URL or PG_URL (database heli_bench)")
        for name, kind in OPTIONS.items():
            parser.add_argument(f"--{name.replace('_', '-')}", type=kind, dest=name)

    def handle(self, *args: Any, **options: Any) -> None:
        func = import_string(BENCHES[options["name"]])
        kwargs = {name: options[name] for name in OPTIONS if options.get(name) is not None}
        result = func(db=options["db"], **kwargs)
        for key, value in result.items():
            self.stdout.write(f"{key:>16}: {value}")
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
