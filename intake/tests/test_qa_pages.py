"""Defects found by hand on the intake pages (paste box, upload, import command); synthetic data only."""

import io
import json
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import HelpRequest
from heli.test import BaseTestCase
from intake.models import ImportedMessage

PLEA = "求助：西安市雁塔区电子城街道某小区{n}号楼，{age}岁老人断药三天，需要降压药，电话{phone}"


def plea(n: int, phone: str) -> str:
    return PLEA.format(n=n, age=60 + n, phone=phone)


def jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()


class ImportPageTests(BaseTestCase):
    def upload(self, name: str, data: bytes) -> Any:
        return self.client.post(
            f"/intake/import/?incident={self.incident.pk}",
            {"file": SimpleUploadedFile(name, data), "channel": "wechat"},
        )

    def import_all(self, name: str, data: bytes) -> dict[str, Any]:
        response = self.upload(name, data)
        self.assertEqual(response.status_code, 302)
        url = response["Location"]
        summary = self.client.get(url).context["summary"]
        counts = self.client.post(url + "step/", HTTP_ACCEPT="application/json").json()
        return {"summary": summary, "counts": counts}

    def setUp(self) -> None:
        super().setUp()
        self.login(self.hub_operator)

    def test_it_imports_a_second_sheet_whose_row_numbers_repeat_the_first(self) -> None:
        # Two volunteers' sheets, each numbered 1, 2, …: the second one is new messages, not a re-import.
        first = "编号,内容\n1," + plea(1, "13800000001") + "\n"
        second = "编号,内容\n1,未央区张家堡街道孕妇临产，急需车辆送医院，电话13900000002\n"
        self.import_all("a.csv", first.encode())
        result = self.import_all("b.csv", second.encode())
        self.assertEqual(result["counts"]["created"], 1)
        self.assertEqual(HelpRequest.objects.count(), 2)

    def test_it_still_creates_nothing_when_the_same_sheet_comes_again(self) -> None:
        sheet = ("编号,内容\n1," + plea(1, "13800000001") + "\n").encode()
        self.import_all("a.csv", sheet)
        result = self.import_all("a.csv", sheet)
        self.assertEqual((result["summary"]["queued"], HelpRequest.objects.count()), (0, 1))

    def test_it_does_not_fold_different_contacts_into_one_request(self) -> None:
        # A community worker's sheet: the same wording for different old people, each with a phone.
        rows = [{"id": f"r{n}", "text": plea(n, f"1380000000{n}")} for n in (1, 2, 3)]
        result = self.import_all("worker.jsonl", jsonl(rows))
        self.assertEqual(result["counts"]["created"], 3)
        self.assertEqual(HelpRequest.objects.count(), 3)

    def test_it_still_links_a_repost_with_the_same_phone(self) -> None:
        text = plea(1, "13800000001")
        rows = [{"id": "a", "text": text}, {"id": "b", "text": "转发：" + text + "，急！"}]
        result = self.import_all("repost.jsonl", jsonl(rows))
        self.assertEqual((result["counts"]["created"], result["counts"]["duplicate"]), (1, 1))

    def test_it_skips_a_line_with_broken_bytes_and_imports_the_rest(self) -> None:
        lines = [json.dumps({"id": "a", "text": plea(1, "13800000001")}, ensure_ascii=False).encode(),
                 b'{"id": "b", "text": "\xff\xfe broken \xc3"}',
                 json.dumps({"id": "c", "text": plea(3, "13800000003")}, ensure_ascii=False).encode()]
        result = self.import_all("group.jsonl", b"\n".join(lines))
        self.assertEqual([e["row"] for e in result["summary"]["errors"]], [2])
        self.assertEqual(result["counts"]["created"], 2)

    def test_it_does_not_read_a_utf8_file_with_one_bad_line_as_gbk(self) -> None:
        # "\xe4\xb8" (a cut-off UTF-8 character) decodes as GB18030, so the whole file used to turn
        # into mojibake instead of one bad line being skipped.
        good = json.dumps({"id": "a", "text": plea(1, "13800000001")}, ensure_ascii=False).encode()
        data = good + b'\n{"id": "b", "text": "\xe4\xb8"}\n'
        result = self.import_all("cut.jsonl", data)
        self.assertEqual([e["row"] for e in result["summary"]["errors"]], [2])
        self.assertIn("降压药", ImportedMessage.objects.get().text)

    def test_it_reads_a_gbk_csv(self) -> None:
        data = ("编号,内容\ng1," + plea(1, "13800000001") + "\n").encode("gbk")
        result = self.import_all("gbk.csv", data)
        self.assertEqual(result["counts"]["created"], 1)
        self.assertIn("降压药", HelpRequest.objects.get().raw_text)

    def test_it_finds_the_header_below_a_merged_title_row(self) -> None:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["西安求助汇总表(1月5日)"])
        sheet.merge_cells("A1:C1")
        sheet.append(["编号", "内容", "备注"])
        sheet.append(["x1", plea(1, "13800000001"), ""])
        sheet.append(["x2", plea(2, "13800000002"), ""])
        out = io.BytesIO()
        book.save(out)
        result = self.import_all("sheet.xlsx", out.getvalue())
        self.assertEqual((result["summary"]["errors"], result["counts"]["created"]), ([], 2))

    def test_it_finds_the_header_below_a_title_line_in_a_csv(self) -> None:
        data = "西安求助汇总,,\n编号,内容,备注\n1," + plea(1, "13800000001") + ",\n"
        result = self.import_all("sheet.csv", data.encode())
        self.assertEqual(result["counts"]["created"], 1)

    def test_it_refuses_a_file_without_a_message_column_instead_of_losing_its_first_row(self) -> None:
        data = "\n".join(plea(n, f"1380000000{n}") for n in (1, 2, 3)).encode()
        response = self.upload("lines.csv", data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "内容", status_code=400)
        self.assertEqual(ImportedMessage.objects.count(), 0)

    def test_it_refuses_a_list_as_message_text(self) -> None:
        rows = [{"id": "a", "text": ["求助", "13800000001"]}, {"id": "b", "text": plea(2, "13800000002")}]
        result = self.import_all("odd.jsonl", jsonl(rows))
        self.assertEqual([e["row"] for e in result["summary"]["errors"]], [1])

    def test_it_tells_repeated_rows_apart_from_earlier_imports(self) -> None:
        row = {"id": "a", "text": plea(1, "13800000001")}
        result = self.import_all("twice.jsonl", jsonl([row, row]))
        self.assertEqual((result["summary"]["repeated"], result["summary"]["already_imported"]), (1, 0))

    def test_the_progress_bar_starts_at_what_is_done(self) -> None:
        rows = [{"id": f"r{n}", "text": plea(n, f"1380000000{n}")} for n in (1, 2)]
        page = self.client.get(self.upload("p.jsonl", jsonl(rows))["Location"]).content.decode()
        bar = re.search(r"<progress[^>]*>", page)
        assert bar is not None
        self.assertIn('value="0"', bar.group(0))
        self.assertIn('max="2"', bar.group(0))


class PastePageTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.hub_operator)

    def paste(self, text: str) -> Any:
        return self.client.post(f"/intake/paste/?incident={self.incident.pk}", {"text": text})

    def test_it_keeps_a_too_long_paste_and_says_why(self) -> None:
        text = "西安市雁塔区老人断粮 13800138000 " + "很急" * 3000
        response = self.paste(text)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "很急很急很急", status_code=400)
        self.assertContains(response, "5000", status_code=400)
        self.assertEqual(HelpRequest.objects.count(), 0)

    def test_it_says_an_empty_paste_is_empty(self) -> None:
        response = self.paste("   ")
        self.assertEqual(response.status_code, 400)
        self.assertIsNotNone(response.context["form"])  # the hotline form is still there to type into

    def test_it_rejects_get(self) -> None:
        self.assertEqual(self.client.get("/intake/paste/").status_code, 405)

    def test_it_requires_login(self) -> None:
        self.client.logout()
        self.assertEqual(self.client.post("/intake/paste/", {"text": "x"}).status_code, 302)

    def test_it_refuses_the_read_only_viewer(self) -> None:
        self.login(self.viewer)
        self.assertEqual(self.paste(plea(1, "13800000001")).status_code, 404)


class ReaderLanguageTests(BaseTestCase):
    def test_it_reads_chinese_headings_when_first_loaded_under_english(self) -> None:
        # The heading names are data, not UI: a server process whose first request was in English
        # used to look only for "Content"/"Message" and refused every Chinese sheet.
        import importlib

        from django.utils import translation

        from intake import readers

        try:
            with translation.override("en"):
                importlib.reload(readers)
            rows = list(readers.read_rows("a.csv", "编号,内容\nc1,老人断粮 13800000001\n".encode()))
        finally:
            importlib.reload(readers)
        self.assertEqual([(r.source_id, r.text, r.error) for r in rows], [("c1", "老人断粮 13800000001", "")])


class ClosedIncidentImportTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.hub_operator)

    def upload(self) -> Any:
        rows = [{"id": "a", "text": plea(1, "13800000001")}, {"id": "b", "text": plea(2, "13800000002")}]
        return self.client.post(
            f"/intake/import/?incident={self.incident.pk}",
            {"file": SimpleUploadedFile("g.jsonl", jsonl(rows)), "channel": "wechat"},
        )

    def test_it_finishes_an_import_whose_incident_closed_meanwhile(self) -> None:
        # help_request_create refuses a closed incident; that used to be a 500 on every step, so the
        # progress bar could never finish.
        url = self.upload()["Location"]
        type(self.incident).objects.filter(pk=self.incident.pk).update(status="closed")
        counts = self.client.post(url + "step/", HTTP_ACCEPT="application/json").json()
        self.assertEqual((counts["pending"], counts["skipped"]), (0, 2))
        self.assertTrue(all(m.reason for m in ImportedMessage.objects.all()))

    def test_it_refuses_a_file_for_a_closed_incident(self) -> None:
        type(self.incident).objects.filter(pk=self.incident.pk).update(status="closed")
        response = self.upload()
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "已结束", status_code=400)
        self.assertEqual(ImportedMessage.objects.count(), 0)


class PasteDuplicateTests(BaseTestCase):
    def test_it_warns_when_the_pasted_message_is_already_an_open_request(self) -> None:
        # The page's duplicate box only wakes up on typing; a paste fills the form without a
        # keystroke, so a re-posted plea went in a second time without any warning.
        original = self.new_request(requester_phone="13800000001", raw_text=plea(1, "13800000001"))
        self.login(self.hub_operator)
        response = self.client.post(
            f"/intake/paste/?incident={self.incident.pk}", {"text": "转发：" + plea(1, "13800000001")}
        )
        self.assertContains(response, original.code)

    def test_it_does_not_name_requests_the_user_may_not_see(self) -> None:
        hidden = self.new_request(
            requester_phone="13800000001", raw_text=plea(1, "13800000001"), consent_share=False
        )
        self.login(self.member_operator)
        response = self.client.post(
            f"/intake/paste/?incident={self.incident.pk}", {"text": plea(1, "13800000001")}
        )
        self.assertNotContains(response, hidden.code)


class ImportVisibilityTests(BaseTestCase):
    def upload(self) -> str:
        rows = [{"id": "a", "text": plea(1, "13800000001")}, {"id": "b", "text": "未央区孕妇临产,要车"}]
        response = self.client.post(
            f"/intake/import/?incident={self.incident.pk}",
            {"file": SimpleUploadedFile("g.jsonl", jsonl(rows)), "channel": "wechat"},
        )
        return response["Location"]

    def test_it_keeps_the_hubs_imports_from_member_orgs(self) -> None:
        # An import lists the raw text of rows it skipped (place, condition, sometimes a name): a member
        # org sees another org's requests masked, so it must not read them in the import's report.
        self.login(self.hub_operator)
        url = self.upload()
        self.client.post(url + "step/")
        for persona in (self.member_coord, self.member_operator):
            with self.subTest(persona=persona.username):
                self.login(persona)
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.post(url + "step/").status_code, 404)
                page = self.client.get(f"/intake/import/?incident={self.incident.pk}")
                self.assertNotContains(page, url)

    def test_it_shows_a_member_orgs_import_to_that_org_and_the_hub(self) -> None:
        self.login(self.member_operator)
        url = self.upload()
        for persona in (self.member_coord, self.hub_coord):
            with self.subTest(persona=persona.username):
                self.login(persona)
                self.assertEqual(self.client.get(url).status_code, 200)
        self.login(self.member_b_coord)
        self.assertEqual(self.client.get(url).status_code, 404)


class DoubleSubmitTests(BaseTestCase):
    def test_it_survives_a_second_tab_storing_the_same_rows_first(self) -> None:
        # On PostgreSQL two uploads of one file run side by side: neither sees the other's rows when
        # it looks for earlier imports, and the second insert hit the unique fingerprint (a 500).
        from unittest import mock

        from intake import services
        from intake.models import MessageImport

        text = plea(1, "13800000001")
        real_parse = services.parse_stream

        def other_tab_commits_first(messages: Any) -> Any:
            other = MessageImport.objects.create(
                incident=self.incident, org=self.hub, created_by=self.hub_coord, filename="g.jsonl"
            )
            ImportedMessage.objects.create(
                batch=other, incident_id=self.incident.pk, row=1, source_id="a",
                fingerprint=services.fingerprint("a", text), text=text,
            )
            return real_parse(messages)

        self.login(self.hub_operator)
        with mock.patch.object(services, "parse_stream", other_tab_commits_first):
            response = self.client.post(
                f"/intake/import/?incident={self.incident.pk}",
                {"file": SimpleUploadedFile("g.jsonl", jsonl([{"id": "a", "text": text}])),
                 "channel": "wechat"},
            )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ImportedMessage.objects.count(), 1)


class BatchReportTests(BaseTestCase):
    def test_it_lists_rows_read_as_not_a_request_for_a_human_to_check(self) -> None:
        # One message in ten is misread; a plea read as "news" must not vanish behind a count.
        news = "今天西安新增病例通报，请大家注意防护，少出门"
        self.login(self.hub_operator)
        response = self.client.post(
            f"/intake/import/?incident={self.incident.pk}",
            {"file": SimpleUploadedFile("g.jsonl", jsonl([{"id": "n", "text": news}])), "channel": "wechat"},
        )
        url = response["Location"]
        self.client.post(url + "step/")
        self.assertEqual(ImportedMessage.objects.get().outcome, "other")
        page = self.client.get(url)
        self.assertContains(page, news)
        self.assertContains(page, 'action="/intake/paste/')  # one click to register it by hand


class ExistingDuplicateTests(BaseTestCase):
    def test_it_links_a_post_giving_the_number_the_hotline_took_as_the_beneficiarys(self) -> None:
        # A daughter calls the hotline for her mother; the mother's number is then reposted online.
        text = plea(1, "13900000009")
        original = self.new_request(
            requester_phone="13800000001", for_other=True, beneficiary_name="母亲",
            beneficiary_phone="13900000009", raw_text=text,
        )
        self.login(self.hub_operator)
        response = self.client.post(
            f"/intake/import/?incident={self.incident.pk}",
            {"file": SimpleUploadedFile("g.jsonl", jsonl([{"id": "w", "text": text}])), "channel": "weibo"},
        )
        counts = self.client.post(response["Location"] + "step/", HTTP_ACCEPT="application/json").json()
        self.assertEqual((counts["duplicate"], counts["created"]), (1, 0))
        self.assertEqual(ImportedMessage.objects.get().help_request, original)


class UploadSizeTests(BaseTestCase):
    def test_it_refuses_an_oversized_file_before_reading_it(self) -> None:
        # Every byte used to be read into memory and parsed in the request, however large the file.
        from unittest import mock

        from intake import readers

        self.login(self.hub_operator)
        rows = [{"id": f"r{n}", "text": plea(n, f"1380000000{n}")} for n in range(5)]
        with mock.patch.object(readers, "MAX_BYTES", 100):
            response = self.client.post(
                f"/intake/import/?incident={self.incident.pk}",
                {"file": SimpleUploadedFile("big.jsonl", jsonl(rows)), "channel": "wechat"},
            )
        self.assertEqual(response.status_code, 400)
        self.assertIn("file", response.context["form"].errors)
        self.assertEqual(ImportedMessage.objects.count(), 0)


class ImportCommandTests(BaseTestCase):
    def test_it_reports_progress_on_stderr_and_the_summary_on_stdout(self) -> None:
        import tempfile
        from io import StringIO
        from pathlib import Path

        from django.core.management import call_command

        rows = [{"id": f"r{n}", "text": plea(n, f"1380000{n:04d}")} for n in range(5)]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "m.jsonl"
            path.write_bytes(jsonl(rows))
            out, err = StringIO(), StringIO()
            call_command("import", "messages", str(path), incident="XA", user="hub_operator",
                         step=2, stdout=out, stderr=err)
        self.assertIn("5/5", err.getvalue())
        self.assertEqual(json.loads(out.getvalue())["created"], 5)


class PlaceInIncidentAreaTests(BaseTestCase):
    TEXT = "长安区某村一位老人降压药吃完了，电话13800000001"  # 长安区: in 西安 and in 石家庄

    def test_it_reads_a_county_named_alone_inside_the_incidents_area(self) -> None:
        type(self.incident).objects.filter(pk=self.incident.pk).update(area_id="6101")
        self.login(self.hub_operator)
        response = self.client.post(f"/intake/paste/?incident={self.incident.pk}", {"text": self.TEXT})
        self.assertEqual(response.context["form"].initial["county"], "610116")
        self.assertNotIn("county", response.context["unsure"])

    def test_it_highlights_the_place_when_it_could_not_fill_it(self) -> None:
        # The parser found a district name, so the place was not marked unsure - yet nothing was filled.
        self.login(self.hub_operator)
        response = self.client.post(f"/intake/paste/?incident={self.incident.pk}", {"text": self.TEXT})
        self.assertEqual(response.context["form"].initial["county"], "")
        self.assertIn("county", response.context["unsure"])

    def test_import_places_it_in_the_incidents_area_too(self) -> None:
        type(self.incident).objects.filter(pk=self.incident.pk).update(area_id="6101")
        self.login(self.hub_operator)
        response = self.client.post(
            f"/intake/import/?incident={self.incident.pk}",
            {"file": SimpleUploadedFile("g.jsonl", jsonl([{"id": "c", "text": self.TEXT}])),
             "channel": "wechat"},
        )
        self.client.post(response["Location"] + "step/")
        self.assertEqual(HelpRequest.objects.get().county_code, "610116")


class JsonArrayTests(BaseTestCase):
    def test_it_reads_a_json_array_of_messages(self) -> None:
        # A crawl saved as one pretty-printed JSON array: every line used to be "not valid JSON".
        rows = [{"id": "a", "text": plea(1, "13800000001")}, {"id": "b", "text": plea(2, "13800000002")}]
        data = json.dumps(rows, ensure_ascii=False, indent=2).encode()
        self.login(self.hub_operator)
        response = self.client.post(
            f"/intake/import/?incident={self.incident.pk}",
            {"file": SimpleUploadedFile("crawl.json", data), "channel": "weibo"},
        )
        summary = self.client.get(response["Location"]).context["summary"]
        self.assertEqual((summary["rows"], summary["queued"], summary["errors"]), (2, 2, []))


class ImportReportSharedTests(BaseTestCase):
    def test_another_staff_member_sees_the_unreadable_rows(self) -> None:
        self.login(self.hub_operator)
        data = b'{"id": "a", "text": "\xe6\xb1\x82\xe5\x8a\xa9 13800138001"}\nnot json\n'
        upload = SimpleUploadedFile("mixed.jsonl", data)
        url = f"/intake/import/?incident={self.incident.pk}"
        response = self.client.post(url, {"file": upload, "channel": "wechat"})
        batch_url = response["Location"]
        self.login(self.hub_coord)
        page = self.client.get(batch_url)
        self.assertEqual(page.context["summary"]["errors"][0]["row"], 2)
