"""`heli import messages FILE --incident XA --user NAME`: the upload page's work from a shell."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import DomainError
from intake.readers import check_size
from intake.services import message_import_create, message_import_step
from orgs.access import seat_in_network
from orgs.models import Incident, Organisation


class Command(BaseCommand):
    help = (
        "Import messages (JSONL, CSV or XLSX) into an incident as new requests, offers and duplicate links."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["messages"])
        parser.add_argument("file")
        parser.add_argument("--incident", required=True, help="incident code prefix, e.g. XA")
        parser.add_argument("--user", required=True, help="the acting coordinator or operator (audit trail)")
        parser.add_argument("--channel", default="wechat")
        parser.add_argument("--step", type=int, default=500, help="rows per transaction batch (progress)")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        incident = Incident.objects.filter(code_prefix=str(options["incident"]).upper()).first()
        user = get_user_model().objects.filter(username=options["user"]).first()
        if not path.is_file():
            raise CommandError(f"no such file: {path}", returncode=2)
        try:
            check_size(path.stat().st_size)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if incident is None:
            raise CommandError(f"no incident with code prefix {options['incident']!r}", returncode=2)
        seat = seat_in_network(user, incident.hub_id) if user else None
        if seat is None or seat.role not in ("coordinator", "operator"):
            raise CommandError(
                "--user must be a coordinator or operator in the incident's network", returncode=2
            )
        try:
            batch, summary = message_import_create(
                actor=user,
                incident=incident,
                org=Organisation.objects.get(pk=seat.org_id),
                filename=path.name,
                data=path.read_bytes(),
                channel=str(options["channel"]),
            )
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        for error in summary["errors"]:
            self.stderr.write(f"row {error['row']}: {error['reason']}")
        # In steps, as the upload page does, so a large file shows progress instead of minutes of silence.
        while True:
            counts = message_import_step(actor=user, batch=batch, limit=max(1, int(options["step"])))
            self.stderr.write(f"{counts['done']}/{counts['total']}")
            if not counts["pending"]:
                break
        self.stdout.write(
            json.dumps(
                {
                    **counts,
                    "already_imported": summary["already_imported"],
                    "repeated": summary["repeated"],
                    "unreadable": len(summary["errors"]) + summary["more_errors"],
                },
                ensure_ascii=False,
            )
        )
