"""Importing site needs: wuhan2020 JSON, CSV, XLSX; broken rows never half-written."""

import io
import json
from datetime import date, datetime
from pathlib import Path
from unittest import skipUnless

from openpyxl import Workbook

from heli.test import BaseTestCase
from supplies.models import Site, SiteNeed
from supplies.services import item_create
from supplies.services.importer import needs_import
from supplies.tests import factory as fx

WUHAN2020 = Path("/work/shared/data/wuhan2020-supply-needs/fe/hospital/hubei")


class ImportTests(BaseTestCase):
    def setUp(self) -> None:
        fx.mask(self.hub_coord)
        item_create(
            actor=self.hub_coord,
            name="防护服",
            category="protective",
            unit="set",
            specification="GB 19082-2009",
        )

    def test_it_reads_the_wuhan2020_format(self) -> None:
        data = [
            {
                "name": "测试医院",
                "province": "湖北",
                "city": "武汉市",
                "district": "江汉区",
                "supplies": [
                    {"key": "医用防护口罩 | N95口罩", "value": 1, "specification": "GB 19083-2010"},
                    {"key": "防护服", "value": 5000},
                ],
            }
        ]
        result = needs_import(
            actor=self.hub_operator,
            incident=self.incident,
            data=json.dumps(data, ensure_ascii=False).encode(),
            filename="x.json",
        )
        self.assertEqual((result.errors, result.written), ([], 2))
        qty = dict(SiteNeed.objects.values_list("item__name", "quantity"))
        self.assertEqual(qty, {"医用防护口罩": None, "防护服": 5000})
        self.assertEqual(Site.objects.get().division_code[:6], "420103")

    def test_broken_rows_write_nothing_unless_skipped(self) -> None:
        csv = (
            "单位名称,类型,物资,数量,紧急程度\n甲社区,社区,N95,100,2\n"
            "乙社区,社区,火箭,5,2\n丙社区,社区,N95,-3,2\n丁社区,社区,N95,x,9\n"
        )
        result = needs_import(
            actor=self.hub_operator, incident=self.incident, data=csv.encode(), filename="n.csv"
        )
        self.assertEqual([n for n, _ in result.errors], [3, 4, 5])
        self.assertEqual((Site.objects.count(), SiteNeed.objects.count()), (0, 0))
        result = needs_import(
            actor=self.hub_operator,
            incident=self.incident,
            data=csv.encode(),
            filename="n.csv",
            skip_broken=True,
        )
        self.assertEqual((result.written, SiteNeed.objects.count()), (1, 1))

    def test_it_reads_xlsx_and_reports_a_corrupt_file(self) -> None:
        wb = Workbook()
        ws = wb.active
        ws.append(["site", "kind", "item", "quantity", "lat", "lon"])
        ws.append(["某隔离点", "isolation_point", "防护服", 40, 30.6, 114.3])
        buf = io.BytesIO()
        wb.save(buf)
        result = needs_import(
            actor=self.hub_operator, incident=self.incident, data=buf.getvalue(), filename="a.xlsx"
        )
        self.assertEqual((result.errors, result.written), ([], 1))
        bad = needs_import(
            actor=self.hub_operator, incident=self.incident, data=b"not a zip", filename="b.xlsx"
        )
        self.assertEqual(bad.errors[0][0], 0)
        bad = needs_import(actor=self.hub_operator, incident=self.incident, data=b"{", filename="c.json")
        self.assertEqual((bad.errors[0][0], bad.written), (0, 0))

    @skipUnless(WUHAN2020.exists(), "shared wuhan2020 data not present")
    def test_it_imports_the_real_wuhan_file_read_at_run_time(self) -> None:
        data = (WUHAN2020 / "wuhanshi.json").read_bytes()
        result = needs_import(
            actor=self.hub_operator,
            incident=self.incident,
            data=data,
            filename="wuhanshi.json",
            skip_broken=True,
        )
        # only two catalogue items exist here, so most keys are reported, not guessed
        self.assertGreater(result.written, 30)
        self.assertTrue(any("目录中没有" in msg for _, msg in result.errors))
        self.assertTrue(SiteNeed.objects.filter(quantity__isnull=True).exists())

    def test_it_reads_a_csv_saved_by_chinese_excel(self) -> None:
        csv = "单位名称,类型,物资,数量\n甲社区,社区,N95,100\n"
        result = needs_import(
            actor=self.hub_operator, incident=self.incident, data=csv.encode("gbk"), filename="n.csv"
        )
        self.assertEqual((result.errors, result.written), ([], 1))
        self.assertEqual(Site.objects.get().name, "甲社区")

    def test_a_sheet_without_known_columns_is_an_error_not_an_empty_success(self) -> None:
        result = needs_import(
            actor=self.hub_operator, incident=self.incident, data=b"name,qty\nA,1\n", filename="n.csv"
        )
        self.assertEqual((len(result.errors), result.written), (1, 0))
        self.assertEqual(result.errors[0][0], 1)

    def test_bad_coordinates_are_a_row_error(self) -> None:
        csv = (
            "单位名称,物资,数量,纬度,经度\n"
            "甲医院,N95,10,95,114\n乙医院,N95,10,30.6,\n丙医院,N95,10,30.6,114.3\n"
        )
        result = needs_import(
            actor=self.hub_operator, incident=self.incident, data=csv.encode(), filename="n.csv"
        )
        self.assertEqual([n for n, _ in result.errors], [2, 3])
        self.assertEqual(Site.objects.count(), 0)

    def test_an_infinite_quantity_is_a_row_error_not_a_server_error(self) -> None:
        csv = "单位名称,物资,数量,紧急程度\n甲医院,N95,1e400,2\n乙医院,N95,10,1e999\n丙医院,N95,10,2\n"
        result = needs_import(
            actor=self.hub_operator, incident=self.incident, data=csv.encode(), filename="n.csv"
        )
        self.assertEqual([n for n, _ in result.errors], [2, 3])
        self.assertEqual(Site.objects.count(), 0)

    def test_nul_characters_never_reach_the_database(self) -> None:
        # PostgreSQL refuses NUL in text; binary junk pasted into a cell or a JSON string carries it
        csv = "单位名称,物资,数量,联系人\n甲\x00医院,N95,10,张\x00三\n"
        needs_import(actor=self.hub_operator, incident=self.incident, data=csv.encode(), filename="n.csv")
        hospital = [{"name": "乙\x00医院", "address": "\x00", "supplies": [{"key": "N95\x00", "value": 5}]}]
        needs_import(
            actor=self.hub_operator,
            incident=self.incident,
            data=json.dumps(hospital).encode(),
            filename="h.json",
        )
        self.assertEqual(sorted(Site.objects.values_list("name", flat=True)), ["乙医院", "甲医院"])
        self.assertEqual(Site.objects.get(name="甲医院").contact_name, "张三")
        self.assertEqual(SiteNeed.objects.count(), 2)

    def test_an_excel_date_and_odd_json_shapes_are_read_or_reported(self) -> None:
        book = Workbook()
        sheet = book.active
        sheet.append(["单位名称", "物资", "数量", "需要日期"])
        sheet.append(["甲医院", "N95", 10, datetime(2030, 1, 5)])
        out = io.BytesIO()
        book.save(out)
        result = needs_import(
            actor=self.hub_operator, incident=self.incident, data=out.getvalue(), filename="n.xlsx"
        )
        self.assertEqual(result.errors, [])
        self.assertEqual(SiteNeed.objects.get().needed_by, date(2030, 1, 5))
        odd = [{"name": "乙医院", "contacts": 5, "supplies": 7}, {"name": "丙医院", "supplies": "N95"}]
        result = needs_import(
            actor=self.hub_operator, incident=self.incident, data=json.dumps(odd).encode(), filename="h.json"
        )
        self.assertEqual(result.written, 0)

    def test_an_oversized_upload_is_refused_before_it_is_read(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from supplies.views.handlers import MAX_IMPORT_BYTES

        self.client.force_login(self.hub_coord)
        body = "单位名称,物资\n".encode() + b"x" * MAX_IMPORT_BYTES
        upload = SimpleUploadedFile("n.csv", body, content_type="text/csv")
        response = self.client.post(f"/supplies/{self.incident.pk}/do/import/", {"file": upload}, follow=True)
        self.assertEqual(response.status_code, 200)
        errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
        self.assertEqual(errors, ["文件过大(上限 10 MB)。"])
        self.assertEqual(Site.objects.count(), 0)
