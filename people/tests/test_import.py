"""Importing a list: preview, per-row errors, no partial duplicates, idempotent re-import."""

import io

from django.utils import translation
from openpyxl import Workbook

from core.models import Event
from people.models import CheckInPlan, Person
from people.services import import_preview, person_import
from people.tests.factory import RegistryTestCase, make_id

HEADER = "姓名,身份证号,联系电话,区划代码,详细地址,重点类别,残疾类别,有照护人,同意共享,联络频率"
ROWS = [
    f"张一,{make_id('61011319400101123')},13900000001,610113,一号楼,高龄(80岁以上)、独居,,否,是,",
    "李二,,13900000002,610113,二号楼,残障,肢体残疾,否,否,",
    "王三,,12345,610113,三号楼,独居,,否,否,",  # phone does not parse
    f"赵四,{make_id('61011319400101123')[:17]}0,13900000004,610113,四号楼,独居,,否,否,",  # bad checksum
    "钱五,,13900000005,610113,五号楼,孕产妇,,是,否,每周",
    "李二,,13900000002,610113,二号楼,残障,肢体残疾,否,否,",  # the same as row 3 of the file
]


def csv_bytes(rows: list[str] = ROWS) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8-sig")


class ImportTests(RegistryTestCase):
    def run_import(self, content: bytes, name: str = "名单.csv") -> object:
        return person_import(
            actor=self.member_coord, org=self.org_a, content=content, filename=name, incident=self.incident
        )

    def test_it_previews_without_writing(self) -> None:
        preview = import_preview(org=self.org_a, content=csv_bytes(), filename="名单.csv")
        self.assertEqual(
            [r.status for r in preview.rows], ["new", "new", "error", "error", "new", "duplicate"]
        )
        self.assertEqual(Person.objects.count(), 0)

    def test_it_lists_bad_rows_with_their_reason_and_imports_the_rest(self) -> None:
        result = self.run_import(csv_bytes())
        self.assertEqual(len(result.created), 3)
        bad = {r.line: " ".join(r.reasons) for r in result.rows if r.status != "new"}
        self.assertIn("电话号码无法识别", bad[4])
        self.assertIn("校验位", bad[5])
        self.assertIn("与文件中前面的行重复", bad[7])
        people = {p.name: p for p in Person.objects.all()}
        self.assertEqual(people["李二"].disability_type, "physical")
        self.assertEqual(people["张一"].consent_scope, "network")
        self.assertEqual(CheckInPlan.objects.get(person=people["钱五"]).cadence, "weekly")
        self.assertEqual(Event.objects.filter(kind="persons_imported").get().data["created"], 3)

    def test_chinese_labels_import_the_same_when_the_ui_is_english(self) -> None:
        with translation.override("en"):
            preview = import_preview(org=self.org_a, content=csv_bytes(), filename="名单.csv")
            english = import_preview(org=self.org_a, content=csv_bytes([
                "孙六,,13900000006,610113,六号楼,Living alone,,否,否,weekly",
            ]), filename="list.csv")
        statuses = [r.status for r in preview.rows]
        self.assertEqual(statuses, ["new", "new", "error", "error", "new", "duplicate"])
        self.assertEqual(english.rows[0].status, "new", english.rows[0].reasons)

    def test_it_creates_no_duplicates_when_the_same_file_comes_again(self) -> None:
        self.run_import(csv_bytes())
        again = self.run_import(csv_bytes())
        self.assertEqual(again.created, [])
        self.assertEqual(again.count("duplicate"), 4)
        self.assertEqual(Person.objects.count(), 3)
        self.assertEqual(CheckInPlan.objects.count(), 3)

    def test_it_reads_xlsx_with_numbers_typed_as_numbers(self) -> None:
        book = Workbook()
        sheet = book.active
        sheet.append(HEADER.split(","))
        sheet.append(["孙六", "", 13900000006, 610113, "六号楼", "独居", "", "否", "否", ""])
        buf = io.BytesIO()
        book.save(buf)
        result = self.run_import(buf.getvalue(), "名单.xlsx")
        self.assertEqual(Person.objects.get(pk=result.created[0]).phone, "13900000006")

    def test_it_refuses_a_file_without_the_required_columns(self) -> None:
        with self.assertRaisesRegex(Exception, "缺少列"):
            self.run_import("名字,电话\n张三,13900000001\n".encode())

    def test_it_imports_through_the_pages_after_a_preview(self) -> None:
        self.login(self.member_coord)
        upload = io.BytesIO(csv_bytes())
        upload.name = "名单.csv"
        response = self.client.post("/people/import/", {"file": upload})
        self.assertContains(response, "校验位")
        self.assertEqual(Person.objects.count(), 0)
        token = response.context["token"]
        response = self.client.post("/people/import/confirm/", {"token": token, "org": self.org_a.pk})
        self.assertContains(response, "已导入")
        self.assertEqual(Person.objects.count(), 3)
        # The session copy is gone: confirming twice does nothing.
        self.client.post("/people/import/confirm/", {"token": token, "org": self.org_a.pk})
        self.assertEqual(Person.objects.count(), 3)
