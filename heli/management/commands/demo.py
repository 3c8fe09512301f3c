import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from heli.demo import DemoResult, load_demo
from heli.demo.network import PASSWORD
from heli.demo.reset import has_data, wipe

URL = "http://127.0.0.1:8000/"
# Shown when the demo is already loaded (`make run` on the second day).
LOGINS = [("hub", "枢纽协调员 hub coordinator"), ("operator", "热线/核实员 hotline & verification"),
          ("member", "成员机构协调员 member-org coordinator"), ("volunteer", "志愿者 volunteer"),
          ("viewer", "政府部门只读 government viewer"), ("admin", "超级管理员 Django admin")]


class Command(BaseCommand):
    help = "Load a synthetic lockdown incident in Xi'an (deterministic) with one login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="wipe all data (except divisions) first")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the database has data")
        parser.add_argument("--scale", type=float, default=1.0, help="request volume factor (tests use 0.1)")

    def handle(self, *args: Any, **options: Any) -> None:
        if has_data() and not options["force"]:
            if options["if_empty"]:
                self.stdout.write("Database already has data; demo not loaded.")
                self.print_logins()
                return
            raise CommandError("database is not empty; use --force to wipe it and load the demo",
                               returncode=2)
        started = time.monotonic()
        with transaction.atomic():
            if options["force"]:
                wipe()
            result = load_demo(scale=options["scale"])
        self.print_result(result, time.monotonic() - started)

    def print_result(self, r: DemoResult, seconds: float) -> None:
        total = sum(r.by_status.values())
        self.stdout.write(f"Demo loaded in {seconds:.1f} s: {r.organisations} organisations, "
                          f"{r.volunteers} volunteers, {total} requests (incident #{r.incident_id}).")
        self.stdout.write("  by status: " + ", ".join(f"{k} {v}" for k, v in r.by_status.items()))
        reasons = ", ".join(f"{k} {v}" for k, v in r.by_close_reason.items())
        self.stdout.write(f"  closed by reason: {reasons}")
        self.stdout.write(f"  overdue now: {r.overdue}")
        if r.modules:
            self.stdout.write("  other pages: " + ", ".join(f"{v} {k}" for k, v in r.modules.items()))
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"\nOpen {URL}  (log in at {URL}accounts/login/)")
        self.stdout.write(f"{'username':<11}{'password':<11}role")
        for username, role in LOGINS:
            self.stdout.write(f"{username:<11}{PASSWORD:<11}{role}")
