"""English UI: the msgids are the Chinese strings, English comes from heli/locale/en."""

import ast
from pathlib import Path

from django.conf import settings
from django.utils import translation

from heli.test import BaseTestCase

PO_PATH = Path(settings.BASE_DIR) / "heli" / "locale" / "en" / "LC_MESSAGES" / "django.po"

# The navigation labels in base.html, Chinese → English.
NAV = {
    "概览": "Overview",
    "分诊队列": "Triage queue",
    "登记求助": "New help request",
    "本机构": "My organisation",
    "回访": "Follow-ups",
    "我的任务": "My tasks",
    "提醒": "Alerts",
    "退出": "Log out",
}


def po_entries(path: Path) -> list[tuple[str, str, list[str]]]:
    """(msgid, msgstr, flags) for every entry of a .po file, header first (no plurals or contexts)."""
    entries: list[tuple[str, str, list[str]]] = []
    entry: dict = {}
    field = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        starts_entry = line.startswith("#,") or line.startswith("msgid ")
        if (not line.strip() or (starts_entry and field == "msgstr")) and "msgid" in entry:
            entries.append((entry["msgid"], entry.get("msgstr", ""), entry.get("flags", [])))
            entry, field = {}, ""
        if line.startswith("#,"):
            entry.setdefault("flags", []).extend(f.strip() for f in line[2:].split(","))
        elif line.startswith(("msgid ", "msgstr ")):
            field, _, literal = line.partition(" ")
            entry[field] = ast.literal_eval(literal)
        elif line.startswith('"') and field:
            entry[field] += ast.literal_eval(line)
    return entries


class CatalogueTests(BaseTestCase):
    def test_every_msgid_is_translated(self) -> None:
        entries = po_entries(PO_PATH)
        self.assertGreater(len(entries), 400)
        untranslated = [msgid for msgid, msgstr, _ in entries[1:] if not msgstr.strip()]
        self.assertEqual(untranslated, [], "untranslated msgids in heli/locale/en")
        fuzzy = [msgid for msgid, _, flags in entries[1:] if "fuzzy" in flags]
        self.assertEqual(fuzzy, [], "fuzzy entries in heli/locale/en")

    def test_the_compiled_catalogue_is_loaded(self) -> None:
        with translation.override("en"):
            self.assertEqual(translation.gettext("分诊队列"), "Triage queue")
            self.assertEqual(translation.gettext("剩余 {t}").format(t="5 min"), "5 min left")


class EnglishPagesTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.hub_coord)

    def switch_to_english(self) -> None:
        response = self.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.cookies[settings.LANGUAGE_COOKIE_NAME].value, "en")

    def assert_english(self, path: str, *words: str) -> str:
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200, path)
        body = response.content.decode()
        self.assertIn('<html lang="en">', body)
        for english in (*NAV.values(), *words):
            self.assertIn(english, body, f"{path}: missing {english!r}")
        for chinese in NAV:
            self.assertNotIn(f">{chinese}<", body, f"{path}: Chinese nav label {chinese!r} left")
        return body

    def test_default_is_chinese(self) -> None:
        body = self.client.get("/queue/").content.decode()
        self.assertIn('<html lang="zh-hans">', body)
        for chinese in NAV:
            self.assertIn(chinese, body)
        self.assertNotIn("Triage queue", body)

    def test_key_pages_in_english(self) -> None:
        hr = self.new_request()
        self.switch_to_english()
        self.assert_english("/", "Overview", "Needs collected", "Response deadline settings")
        body = self.assert_english("/queue/", "Triage queue", "Time left", "Filter", "Unverified")
        self.assertIn(hr.code, body)
        self.assert_english("/intake/", "Hotline intake", "Save request", "Requester&#x27;s name")
        body = self.assert_english(
            f"/requests/{hr.code}/", "Requester", "Audit log", "Actions", "Phone verification", "Registered"
        )
        self.assertNotIn("操作记录", body)
        self.assertNotIn("电话核实", body)

    def test_language_cookie_alone_switches(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.assert_english("/queue/", "Triage queue")

    def test_switching_back_to_chinese(self) -> None:
        self.switch_to_english()
        self.client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
        body = self.client.get("/queue/").content.decode()
        self.assertIn("分诊队列", body)
        self.assertNotIn("Triage queue", body)
