"""Every Chinese string the volunteers pages or services show goes through gettext.

A bare literal shows Chinese on the English UI (the messages, refusals and wellbeing reasons did).
Input vocabulary (sheet headers, weekday and language words read from a file) is not shown text and
is listed here by hand; docstrings are skipped.
"""

import ast
import re
from pathlib import Path

from django.test import SimpleTestCase

APP = Path(__file__).resolve().parent.parent
# The files whose strings this app's QA owns (matching, assignments and snapshot are checked elsewhere).
FILES = [
    "forms.py",
    "selectors.py",
    "services/_base.py",
    "services/importing.py",
    "services/registration.py",
    "services/shifts.py",
    "services/tasks.py",
    "services/wellbeing.py",
    "services/zones.py",
    *(f"views/{p.name}" for p in sorted((APP / "views").glob("*.py"))),
]
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "pgettext", "pgettext_lazy"}
HAN = re.compile(r"[\u4e00-\u9fff]")
# Read from a sheet or a form, never displayed: the words people type, not words we show.
INPUT_WORDS = {"IMPORT_COLUMNS", "WEEKDAYS", "LANGS", "COLUMNS"}
INPUT_LITERALS = {"线下", "每天", "电话", "姓名", "手机号", "创建", "班次"}


def bare_chinese(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in GETTEXT:
            skip |= {id(n) for a in node.args for n in ast.walk(a)}
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node):
            skip.add(id(node.body[0].value))  # type: ignore[attr-defined]
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in INPUT_WORDS for t in node.targets):
            skip |= {id(n) for n in ast.walk(node.value)}
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {"match", "split", "sub"}:
            skip |= {id(n) for a in node.args[:1] for n in ast.walk(a)}  # a regex
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            skip |= {id(n) for n in ast.walk(node)}
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if HAN.search(text) and text not in INPUT_LITERALS:
            found.append(f"{path.relative_to(APP)}:{node.lineno}: {text!r}")
    return found


class GettextTests(SimpleTestCase):
    def test_no_bare_chinese_string_reaches_the_user(self) -> None:
        found = [hit for name in FILES for hit in bare_chinese(APP / name)]
        self.assertEqual(found, [])
