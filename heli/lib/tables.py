"""Spreadsheets people upload (XLSX, or CSV in UTF-8 or GBK) as rows of clean strings.

Registry lists, volunteer rosters and supply needs all arrive this way, typed by hand in Excel on
Chinese Windows: numbers typed as numbers (13800138000.0), dates as dates, CSV saved as GBK.
NUL characters, which binary junk pasted into a cell can carry, are dropped: PostgreSQL cannot store
them and would fail the whole import.
"""

import csv
import io
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _


class UnreadableTable(ValueError):
    """The file as a whole cannot be read; the message says why, for the user."""


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phone numbers typed as numbers come back as 13800138000.0
    return str(value).replace("\x00", "").strip()


def decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableTable(_("无法识别文件编码,请保存为 UTF-8 的 CSV。"))


def read_table(content: bytes, filename: str) -> list[list[str]]:
    """Every row of the first sheet (XLSX) or of the CSV, as stripped strings."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook  # ~0.1 s to import: only when a workbook comes

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
            return [[cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
            raise UnreadableTable(_("无法读取该 Excel 文件,请另存为 .xlsx 或 .csv 后重试。")) from exc
    return [[cell(v) for v in row] for row in csv.reader(io.StringIO(decode(content)))]
