"""Read messages from JSONL, CSV or XLSX: each row gives (source id, text) or an error for that row."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Column headings are data from the file, not UI text: never translate them (a process first loaded
# under English would otherwise look for "Content" and refuse every Chinese sheet).
TEXT_KEYS = ("text", "content", "message", "body", "内容", "消息", "求助信息", "正文", "信息")
ID_KEYS = ("id", "source_id", "link", "url", "no.", "编号", "链接", "序号")
MAX_ROWS = 50_000
MAX_BYTES = 50 * 1024 * 1024  # 50,000 messages of a few hundred characters; the whole file is read at once
MAX_TEXT = 20_000
HEADER_SEARCH = 10  # a sheet may open with a merged title row or two before its headings
BAD_BYTES = "\ufffd"


@dataclass
class Row:
    number: int
    source_id: str
    text: str
    error: str = ""


def _pick(record: dict, keys: tuple[str, ...]) -> str:
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue  # a list or an object is not a message; str() of it would be parsed as one
        if value != "":
            return str(value).replace("\x00", "").strip()  # PostgreSQL cannot store NUL
    return ""


def _row(number: int, record: object, lossy: bool = False) -> Row:
    if not isinstance(record, dict):
        return Row(number, "", "", _("不是一条记录"))
    text, source_id = _pick(record, TEXT_KEYS), _pick(record, ID_KEYS)[:200]
    if lossy and (BAD_BYTES in text or BAD_BYTES in source_id):
        return Row(number, "", "", _("含有无法识别的字节(不是 UTF-8 文本)"))
    if not text:
        return Row(number, source_id, "", _("没有消息内容"))
    if len(text) > MAX_TEXT:
        return Row(number, source_id, "", _("消息过长(超过 {n} 字)").format(n=MAX_TEXT))
    return Row(number, source_id, text)


def _decode(data: bytes) -> tuple[str, bool]:
    """The file's text and whether undecodable bytes were replaced.

    A UTF-8 file with a few broken lines (a cut-off character) is read as UTF-8 with those bytes
    replaced, so only the rows holding them are refused: falling back to GB18030 for the whole file
    would decode most UTF-8 as wrong characters and import nonsense."""
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        pass
    good = bad = 0
    for line in data.splitlines():
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad += 1
    if good and good >= bad:  # GBK text is almost never valid UTF-8, line by line
        return data.decode("utf-8-sig", errors="replace"), True
    try:
        return data.decode("gb18030"), False  # Excel on Chinese Windows saves CSV in GBK
    except UnicodeDecodeError as exc:
        raise ValueError(_("文件不是 UTF-8 或 GBK 编码的文本。")) from exc


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ValueError(
            _("文件过大(最多 {mb} MB),请拆分后分批导入。").format(mb=MAX_BYTES // (1024 * 1024))
        )


def read_rows(name: str, data: bytes) -> Iterator[Row]:
    """Yield rows; raise ValueError with a one-line reason when the file as a whole is unreadable."""
    check_size(len(data))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        yield from _table(_xlsx_rows(data))
        return
    if not lower.endswith((".jsonl", ".json", ".ndjson", ".csv", ".txt")):
        raise ValueError(_("只支持 JSONL、CSV 或 XLSX 文件。"))
    text, lossy = _decode(data)
    if lower.endswith((".jsonl", ".json", ".ndjson")):
        records = _json_array(text)
        if records is not None:  # a crawl saved as one JSON array, often pretty-printed
            for n, record in enumerate(records, start=1):
                yield _row(n, record, lossy)
            return
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield _row(n, json.loads(line), lossy)
            except json.JSONDecodeError:
                yield Row(n, "", "", _("不是有效的 JSON"))
    else:
        yield from _table(_csv_rows(text), lossy)


def _json_array(text: str) -> list[object] | None:
    if not text.lstrip().startswith("["):
        return None
    try:
        records = json.loads(text)
    except json.JSONDecodeError:
        return None  # read line by line instead, so each bad line is reported on its own
    return records if isinstance(records, list) else None


def _csv_rows(text: str) -> Iterator[tuple[int, list[object]]]:
    # Numbered by record, as Excel shows the sheet (a quoted cell may span several lines).
    for n, values in enumerate(csv.reader(io.StringIO(text)), start=1):
        yield n, list(values)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ValueError(_("无法读取该 XLSX 文件。")) from exc
    if sheet is None:
        raise ValueError(_("无法读取该 XLSX 文件。"))
    for n, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield n, list(values)


def _table(rows: Iterator[tuple[int, list[object]]], lossy: bool = False) -> Iterator[Row]:
    """Rows of a sheet under the first line (of the first few) that names a message column."""
    header: list[str] | None = None
    for n, values in rows:
        if all(v in (None, "") for v in values):
            continue
        if header is None:
            cells = [str(v or "").strip() for v in values]
            if any(c.lower() in TEXT_KEYS for c in cells):
                header = cells
            elif n >= HEADER_SEARCH:
                break
            continue
        yield _row(n, dict(zip(header, values, strict=False)), lossy)
    if header is None:
        raise ValueError(
            _("找不到消息内容列:表头须有 {names} 之一。").format(names="、".join(TEXT_KEYS))
        )
