import json
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import HelpRequest, Offer
from core.models import Event
from heli.test import BaseTestCase
from intake.models import ImportedMessage

MESSAGES = [
    {"id": "m1", "text": "求助!陕西省西安市雁塔区某小区3栋,独居老人断粮两天,联系电话13800138001"},
    {"id": "m2", "text": "转发:陕西省西安市雁塔区某小区3栋,独居老人断粮两天,联系电话13800138001,急!"},
    {"id": "m3", "text": "【资源】雁塔区志愿者车队可提供送药服务,联系13900139002"},
    {"id": "m4", "text": "今天西安新增病例通报,请大家注意防护"},
    {"id": "m5", "text": "求助:未央区有孕妇快生了,需要车送医院,没有留电话"},
    {"text": ""},
    "not an object",
]


def jsonl(rows: list) -> bytes:  # type: ignore[type-arg]
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode() + b"\n{broken"


class ImportTests(BaseTestCase):
    def upload(self, data: bytes, name: str = "group.jsonl"):  # type: ignore[no-untyped-def]
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(
            f"/intake/import/?incident={self.incident.pk}",
            {"file": SimpleUploadedFile(name, data), "channel": "wechat"},
        )

    def test_it_imports_requests_offers_and_links_duplicates(self) -> None:
        self.login(self.hub_operator)
        response = self.upload(jsonl(MESSAGES))
        batch_url = response["Location"]
        page = self.client.get(batch_url)
        self.assertEqual(len(page.context["summary"]["errors"]), 3)  # empty text, not an object, broken JSON
        counts = self.client.post(batch_url + "step/", HTTP_ACCEPT="application/json").json()
        self.assertEqual(
            (counts["created"], counts["duplicate"], counts["offer"], counts["pending"]), (1, 1, 1, 0)
        )
        self.assertEqual(counts["other"] + counts["skipped"], 2)
        hr = HelpRequest.objects.get()
        self.assertEqual((hr.status, hr.county_code, hr.requester_phone), ("new", "610113", "13800138001"))
        self.assertIn("独居老人", hr.raw_text)
        self.assertTrue(Event.objects.filter(kind="duplicate_linked", subject_id=hr.pk))
        self.assertEqual(Offer.objects.get().phones, ["13900139002"])
        skipped = ImportedMessage.objects.filter(outcome="skipped")
        self.assertTrue(all(m.reason for m in skipped))

    def test_it_creates_nothing_when_the_same_file_comes_again(self) -> None:
        self.login(self.hub_operator)
        for _ in range(2):
            batch_url = self.upload(jsonl(MESSAGES))["Location"]
            self.client.post(batch_url + "step/")
        self.assertEqual(HelpRequest.objects.count(), 1)
        self.assertEqual(Offer.objects.count(), 1)

    def test_it_reads_csv_and_rejects_unknown_formats(self) -> None:
        self.login(self.hub_operator)
        csv_data = "编号,内容\nc1,求助 西安市雁塔区 老人需要胰岛素 13800138003\n".encode()
        self.client.post(self.upload(csv_data, "sheet.csv")["Location"] + "step/")
        self.assertEqual(HelpRequest.objects.get().requester_phone, "13800138003")
        response = self.upload(b"%PDF-1.4", "scan.pdf")
        self.assertContains(response, "只支持 JSONL、CSV 或 XLSX", status_code=400)

    def test_it_hides_imports_from_other_networks_and_volunteers(self) -> None:
        self.login(self.hub_operator)
        batch_url = self.upload(jsonl(MESSAGES))["Location"]
        for persona in (self.outsider, self.vol, self.viewer):
            with self.subTest(persona=persona.username):
                self.login(persona)
                self.assertEqual(self.client.get(batch_url).status_code, 404)
                self.assertEqual(self.client.post(batch_url + "step/").status_code, 404)
        self.assertEqual(self.client.get(batch_url + "step/").status_code, 405)

    def test_it_imports_from_the_command_line(self) -> None:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "msgs.jsonl"
            path.write_bytes(jsonl(MESSAGES))
            out = StringIO()
            call_command(
                "import",
                "messages",
                str(path),
                incident="XA",
                user="hub_operator",
                stdout=out,
                stderr=StringIO(),
            )
            self.assertEqual(json.loads(out.getvalue())["created"], 1)
            with self.assertRaises(CommandError) as ctx:
                call_command("import", "messages", str(path), incident="ZZ", user="hub_operator")
            self.assertEqual(ctx.exception.returncode, 2)


class PasteTests(BaseTestCase):
    def test_it_fills_the_form_and_marks_unsure_fields(self) -> None:
        self.login(self.hub_operator)
        response = self.client.post(
            f"/intake/paste/?incident={self.incident.pk}",
            {"text": "西安市雁塔区一位糖尿病老人胰岛素用完了,电话 138-0013-8004"},
        )
        form = response.context["form"]
        self.assertEqual(form.initial["requester_phone"], "13800138004")
        self.assertEqual(form.initial["county"], "610113")
        self.assertIn("medicine", [f.initial.get("category") for f in response.context["formset"]])
        self.assertEqual(response.context["unsure"], [])
        self.assertEqual(HelpRequest.objects.count(), 0)

    def test_it_marks_what_it_could_not_read(self) -> None:
        self.login(self.hub_operator)
        response = self.client.post(
            f"/intake/paste/?incident={self.incident.pk}", {"text": "求助:家里断粮了,谁能帮帮忙"}
        )
        self.assertEqual(set(response.context["unsure"]), {"county", "people_count", "requester_phone"})
        self.assertContains(response, 'class="unsure"')

    def test_it_marks_a_default_urgency_and_missing_needs(self) -> None:
        self.login(self.hub_operator)
        response = self.client.post(
            f"/intake/paste/?incident={self.incident.pk}",
            {"text": "西安市雁塔区丈八街道一户居民需要帮助,请联系 138-0013-8004"},
        )
        self.assertTrue({"urgency", "needs"} <= set(response.context["unsure"]))
        self.assertContains(response, '<table class="unsure">')

    def test_it_refuses_volunteers(self) -> None:
        self.login(self.vol)
        self.assertEqual(self.client.post("/intake/paste/", {"text": "x"}).status_code, 404)


class OffersPageTests(BaseTestCase):
    def test_it_lists_offers_to_staff_only(self) -> None:
        from cases.services import offer_create

        offer_create(
            actor=self.hub_operator,
            incident=self.incident,
            text="可提供送药车辆",
            needs=["transport"],
            phones=["13900139002"],
            division_code="610113",
        )
        self.login(self.member_coord)
        self.assertContains(self.client.get("/offers/"), "13900139002")
        for persona in (self.outsider, self.vol):
            self.login(persona)
            self.assertNotContains(self.client.get("/offers/"), "13900139002")


class SimilarTextTests(BaseTestCase):
    def setUp(self) -> None:
        from intake.similar import reset

        reset()

    def test_it_warns_about_a_near_identical_text(self) -> None:
        text = "西安市雁塔区某小区三栋一位独居老人家里断粮两天了,腿脚不便无法下楼,请志愿者帮忙送些米面和蔬菜"
        original = self.new_request(raw_text=text)
        self.login(self.hub_operator)
        reworded = text.replace("请志愿者帮忙", "麻烦志愿者") + "!"
        data = self.client.get("/intake/duplicates/", {"text": reworded, "phone": "13999999999"}).json()
        self.assertEqual([m["code"] for m in data["matches"]], [original.code])
        other = self.client.get(
            "/intake/duplicates/", {"text": "未央区孕妇临产需要车辆送医,情况紧急请尽快联系"}
        ).json()
        self.assertEqual(other["matches"], [])
