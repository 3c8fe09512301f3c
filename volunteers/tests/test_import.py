"""XLSX import: preview with per-row errors, good rows imported whole, bad rows not at all."""

import io

from django.utils import translation
from openpyxl import Workbook

from core.errors import DomainError
from heli.test import BaseTestCase
from orgs.models import Membership
from volunteers.models import Availability, VolunteerProfile, VolunteerSkill
from volunteers.services import import_preview, import_run
from volunteers.views.importing import read_table

HEADER = ["姓名", "手机号", "类型", "纬度", "经度", "技能", "可服务时间", "保险有效期"]
ROWS = [
    [
        "张伟",
        "13900000001",
        "线下",
        34.21,
        108.95,
        "司机(面包车);翻译(英语/手语)",
        "周一 08:00-12:00",
        "2030-01-01",
    ],
    ["刘洋", "13900000002", "线上", "", "", "热线:3", "每天 19:00-21:00", ""],
    ["陈静", "13900000003", "线下", "", "", "飞行员;医生", "", ""],
    ["赵磊", "13900000004", "预备", "", "", "", "周二 12:00-10:00", ""],
    ["重复", "13900000001", "线下", "", "", "", "", ""],
]


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    for row in [HEADER, *rows]:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class ImportTests(BaseTestCase):
    def test_it_previews_with_an_error_per_bad_row(self) -> None:
        rows = import_preview(table=read_table(xlsx(ROWS), "v.xlsx"))
        errors = {r.name: r.errors for r in rows}
        self.assertEqual(errors["张伟"], [])
        self.assertEqual(errors["刘洋"], [])
        self.assertEqual(errors["陈静"], ["未知的技能:飞行员"])
        self.assertIn("结束早于开始", errors["赵磊"][0])
        self.assertIn("已存在", errors["重复"][0])
        self.assertEqual(VolunteerProfile.objects.count(), 0)  # a preview writes nothing

    def test_it_reads_a_sheet_with_english_field_names_as_headings(self) -> None:
        table = [["Name", "Phone", "tier", "Skills"], ["Li Wei", "13900000011", "线下", "司机(面包车)"]]
        rows = import_preview(table=table)
        self.assertEqual([(r.name, r.errors) for r in rows], [("Li Wei", [])])

    def test_it_imports_good_rows_whole_and_skips_bad_ones_whole(self) -> None:
        created, _ = import_run(
            actor=self.member_coord, org=self.org_a, table=read_table(xlsx(ROWS), "v.xlsx")
        )
        self.assertEqual(created, 2)
        self.assertEqual(set(VolunteerProfile.objects.values_list("name", flat=True)), {"张伟", "刘洋"})
        zhang = VolunteerProfile.objects.get(name="张伟")
        self.assertEqual(zhang.status, "approved")
        self.assertTrue(Membership.objects.filter(user=zhang.user, org=self.org_a, role="volunteer").exists())
        tr = VolunteerSkill.objects.get(profile=zhang, skill="translator")
        self.assertEqual(tr.languages, ["en", "sign"])
        self.assertEqual(VolunteerSkill.objects.get(profile=zhang, skill="driver").vehicle, "van")
        self.assertEqual(Availability.objects.filter(profile__name="刘洋").count(), 7)
        # nothing of the bad rows: no user, no skills
        self.assertFalse(VolunteerSkill.objects.filter(skill="doctor").exists())

    def test_it_rejects_a_file_without_the_required_columns(self) -> None:
        with self.assertRaisesMessage(DomainError, "缺少列:手机号"):
            import_preview(table=[["姓名"], ["张伟"]])

    def test_it_previews_and_imports_over_http(self) -> None:
        self.login(self.member_coord)
        data = xlsx(ROWS)
        upload = io.BytesIO(data)
        upload.name = "v.xlsx"
        page = self.client.post("/volunteers/import/", {"file": upload})
        self.assertContains(page, "未知的技能:飞行员")
        self.assertEqual(VolunteerProfile.objects.count(), 0)
        self.client.post("/volunteers/import/confirm/")
        self.assertEqual(VolunteerProfile.objects.count(), 2)

    def test_it_reads_chinese_labels_when_the_coordinator_uses_english(self) -> None:
        # The sheet's vocabulary is Chinese whatever the UI language; English labels work too.
        with translation.override("en"):
            rows = import_preview(table=read_table(xlsx(ROWS[:2]), "v.xlsx"))
            self.assertEqual([r.errors for r in rows], [[], []])
            self.assertEqual(rows[0].data.tier, "offline")
            self.assertEqual(rows[0].data.skills[0].vehicle, "van")
            table = [["姓名", "手机号", "类型", "技能"], ["A", "13900000009", "online", "Driver"]]
            self.assertEqual(import_preview(table=table)[0].errors, [])

    def test_it_refuses_a_latitude_without_a_longitude(self) -> None:
        # A volunteer with only a latitude would be matched as if they lived at longitude 0.
        rows = import_preview(table=[["姓名", "手机号", "纬度", "经度"], ["A", "13900000009", "34.2", ""]])
        self.assertEqual(len(rows[0].errors), 1)
        self.assertIsNone(rows[0].data)
