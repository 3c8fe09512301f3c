"""`heli parse`: JSON Lines of messages on stdin -> one JSON line of parsed fields per input line.

Bad lines (not UTF-8, not JSON, no text, too large) become {"line": N, "error": ...} in their place
and are reported on stderr; the command carries on and exits 1 at the end if any line failed.
`--eval` scores the parser on intake/eval/labels.jsonl instead.
"""

import json
import sys
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from intake.parser import KEYS, DupTracker, parse_one

# A pasted message is at most a few KB; anything this large is a broken export, not a plea.
MAX_LINE_BYTES = 256 * 1024


class LineError(ValueError):
    pass


def decode_line(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_LINE_BYTES:
        raise LineError(f"line too large ({len(raw)} bytes, limit {MAX_LINE_BYTES})")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LineError(f"not valid UTF-8 (byte {exc.start})") from None
    if not line.strip():
        raise LineError("empty line")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineError(f"not JSON: {exc.msg}") from None
    if not isinstance(obj, dict):
        raise LineError("not a JSON object")
    if "id" not in obj:
        raise LineError("missing id")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise LineError("missing or empty text")
    return obj


class Command(BaseCommand):
    help = "Parse help messages (JSON Lines on stdin) into structured requests; --eval scores the parser."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--eval", action="store_true", help="score the parser on the labelled set")
        parser.add_argument("--json", action="store_true", help="with --eval: print a JSON object last")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["eval"]:
            self._eval(as_json=options["json"])
            return
        stdin: BinaryIO = getattr(self, "stdin_bytes", None) or sys.stdin.buffer
        failed = self.parse_lines(stdin)
        if failed:
            raise CommandError(f"{failed} line(s) could not be parsed")

    def parse_lines(self, stream: BinaryIO) -> int:
        tracker = DupTracker()
        failed = 0
        for n, raw in enumerate(stream, start=1):
            raw = raw.rstrip(b"\r\n")
            try:
                obj = decode_line(raw)
            except LineError as exc:
                failed += 1
                self.stdout.write(json.dumps({"line": n, "error": str(exc)}, ensure_ascii=False))
                self.stderr.write(f"line {n}: {exc}")
                continue
            record, text = parse_one(obj["text"], obj["id"])
            record["dup_of"] = tracker.check(record, text)
            self.stdout.write(json.dumps({k: record[k] for k in KEYS}, ensure_ascii=False))
        return failed

    def _eval(self, *, as_json: bool) -> None:
        from intake.eval.run import run_eval
        from intake.eval.sources import shared_data_dir

        data = shared_data_dir(Path(settings.BASE_DIR).parent / "shared" / "data")
        result = run_eval(data)
        result["data_dir"] = str(data)
        self.stdout.write(format_table(result))
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))


def format_table(result: dict) -> str:
    names = ("dev", "heldout", "test", "test_wuhan", "test_henan", "test_synthetic")
    splits = [k for k in names if k in result]
    metrics = [m for m in result["dev"] if m != "n"]
    lines = [f"labels: {result['labels']}  texts missing: {result['missing_texts']}"]
    lines.append(f"{'metric':<24}" + "".join(f"{s:>19}" for s in splits))
    lines.append(f"{'n':<24}" + "".join(f"{result[s]['n']:>19}" for s in splits))
    for m in metrics:
        lines.append(f"{m:<24}" + "".join(_cell(result[s].get(m)) for s in splits))
    return "\n".join(lines)


def _cell(value: object) -> str:
    return f"{value:>19.3f}" if isinstance(value, int | float) else f"{'—':>19}"
