"""`heli parse` on stdin: exact contract keys, bad lines in place, exit status."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from intake.management.commands.parse import MAX_LINE_BYTES, Command
from intake.parser import KEYS


def run(raw: bytes) -> tuple[list[dict], str, bool]:
    out, err = io.StringIO(), io.StringIO()
    cmd = Command(stdout=out, stderr=err)
    failed = cmd.parse_lines(io.BytesIO(raw))
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue(), bool(failed)


def line(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode() + b"\n"


def test_it_writes_exactly_the_contract_keys_in_order() -> None:
    rows, err, failed = run(line({"id": "m1", "text": "雁塔区 老人胰岛素只剩两天 13829014567", "extra": 1}))
    assert list(rows[0]) == list(KEYS)
    assert rows[0]["id"] == "m1"
    assert not failed and err == ""


def test_it_fills_dup_of_across_lines() -> None:
    raw = line({"id": 1, "text": "雁塔区老人胰岛素只剩两天 13829014567"})
    raw += line({"id": 2, "text": "转发：雁塔区老人胰岛素只剩两天 联系13829014567"})
    rows, _, _ = run(raw)
    assert [r["dup_of"] for r in rows] == [None, 1]


def test_it_reports_bad_lines_in_place_and_carries_on() -> None:
    raw = b"not json\n"
    raw += line({"id": "a", "text": ""})
    raw += line({"id": "b"})
    raw += b'{"id": "c", "text": "\xff\xfe"}\n'
    raw += line({"id": "d", "text": "x" * (MAX_LINE_BYTES + 1)})
    raw += line({"id": "e", "text": "未央区孕妇见红 需要车 18710291234"})
    rows, err, failed = run(raw)
    assert [r.get("line") for r in rows[:5]] == [1, 2, 3, 4, 5]
    assert all("error" in r for r in rows[:5])
    assert rows[5]["id"] == "e"
    assert failed
    assert len(err.strip().splitlines()) == 5


@pytest.mark.django_db
def test_it_exits_with_an_error_when_a_line_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"oops\n")))
    with pytest.raises(CommandError):
        call_command("parse", stdout=io.StringIO(), stderr=io.StringIO())
