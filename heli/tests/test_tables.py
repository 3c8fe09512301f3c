"""Uploaded spreadsheets: XLSX and CSV (UTF-8 or GBK) read the same; unreadable files say why."""

import io

from django.test import SimpleTestCase
from openpyxl import Workbook

from heli.lib.tables import UnreadableTable, read_table


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class ReadTableTests(SimpleTestCase):
    def test_csv_in_utf8_and_gbk_and_xlsx_give_the_same_rows(self) -> None:
        text = "姓名,电话\n张三,13800138000\n"
        expected = [["姓名", "电话"], ["张三", "13800138000"]]
        self.assertEqual(read_table(text.encode("utf-8-sig"), "a.csv"), expected)
        self.assertEqual(read_table(text.encode("gb18030"), "a.csv"), expected)
        self.assertEqual(read_table(xlsx([["姓名", "电话"], ["张三", 13800138000.0]]), "a.XLSX"), expected)

    def test_nul_characters_are_dropped(self) -> None:
        self.assertEqual(read_table("名\x00,x\n".encode(), "a.csv"), [["名", "x"]])

    def test_a_broken_file_is_one_clear_error(self) -> None:
        with self.assertRaisesMessage(UnreadableTable, "Excel"):
            read_table(b"not a zip", "a.xlsx")
        with self.assertRaises(UnreadableTable):
            read_table(b"\xff\xfe\xfa\xfb\x81", "a.csv")
