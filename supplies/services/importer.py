"""Import site needs: the wuhan2020 hospital-needs JSON, or a CSV/XLSX sheet with one need per row.

Every row is checked first; broken rows are reported with their row number and reason. With
``skip_broken`` off (the default) nothing is written while any row is broken; with it on, the good
rows are written. Either way the write is one transaction: a half-imported file cannot happen.

Sheet columns (Chinese or English headers): 单位名称/site, 类型/kind, 行政区划/division,
地址/address, 纬度/lat, 经度/lon, 物资/item, 数量/quantity (blank = quantity unknown),
紧急程度/urgency (1–4, default 3), 需要日期/needed_by (YYYY-MM-DD), 联系人/contact, 电话/phone.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from geo.divisions import code_for
from heli.lib.tables import cell
from orgs.models import Incident
from supplies.models import MAX_QTY, Item, Site
from supplies.services.catalogue import item_resolve
from supplies.services.sites import SiteInput, check_site, site_create, site_need_set

HEADERS = {
    "单位名称": "site",
    "site": "site",
    "类型": "kind",
    "kind": "kind",
    "行政区划": "division",
    "division": "division",
    "地址": "address",
    "address": "address",
    "纬度": "lat",
    "lat": "lat",
    "经度": "lon",
    "lon": "lon",
    "物资": "item",
    "item": "item",
    "数量": "quantity",
    "quantity": "quantity",
    "紧急程度": "urgency",
    "urgency": "urgency",
    "需要日期": "needed_by",
    "needed_by": "needed_by",
    "联系人": "contact",
    "contact": "contact",
    "电话": "phone",
    "phone": "phone",
}
KIND_WORDS = {label: value for value, label in Site.Kind.choices} | {v: v for v in Site.Kind.values}


@dataclass
class Row:
    number: int
    site: SiteInput
    item: Item
    quantity: int | None
    urgency: int = 3
    needed_by: date | None = None


@dataclass
class ImportResult:
    rows: list[Row] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    written: int = 0
    sites_created: int = 0


def _resolve(key: str, items: list[Item]) -> Item | None:
    """wuhan2020 keys list synonyms: "医用防护口罩 | N95口罩", "防冲击眼罩/护目镜/防护眼镜"."""
    for part in [key, *key.replace("|", "/").split("/")]:
        found = item_resolve(part, items)
        if found:
            return found
    return None


def parse_wuhan2020(data: bytes, items: list[Item]) -> ImportResult:
    """One hospital per record; each supply {key, value, specification}: value 1 or null = needed,
    quantity unknown; a larger value is the quantity asked for."""
    out = ImportResult()
    try:
        records = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        out.errors.append((0, _("不是有效的 JSON:{error}").format(error=exc)))
        return out
    if not isinstance(records, list):
        out.errors.append((0, _("JSON 顶层应为医院列表。")))
        return out
    for n, rec in enumerate(records, start=1):
        if not isinstance(rec, dict) or not cell(rec.get("name")):
            out.errors.append((n, _("缺少医院名称。")))
            continue
        site = SiteInput(
            name=cell(rec["name"])[:120],
            kind=Site.Kind.HOSPITAL,
            division_code=_division(rec),
            address=cell(rec.get("address"))[:200],
            source=cell(rec.get("url"))[:200],
            contact_name="、".join(cell(c.get("name")) for c in _list(rec, "contacts"))[:60],
            contact_phone=" ".join(cell(c.get("tel")) for c in _list(rec, "contacts"))[:40],
        )
        for supply in _list(rec, "supplies"):
            key = cell(supply.get("key"))
            item = _resolve(key, items)
            if item is None:
                out.errors.append((n, _("{site}:目录中没有「{key}」。").format(site=site.name, key=key)))
                continue
            value = supply.get("value")
            if value is not None and (not isinstance(value, int) or not 0 <= value <= MAX_QTY):
                out.errors.append(
                    (
                        n,
                        _("{site}:「{key}」的数量无效({value})。").format(
                            site=site.name, key=key, value=value
                        ),
                    )
                )
                continue
            qty = None if value in (None, 1) else value
            out.rows.append(Row(n, site, item, qty, urgency=2))
    return out


def _list(rec: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The objects of a list field; a number or string there was a TypeError (a 500) before."""
    value = rec.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _division(rec: dict[str, Any]) -> str:
    # wuhan2020 writes the province short ("湖北"); the division table has "湖北省".
    province = str(rec.get("province") or "")
    for name in (province, f"{province}省", f"{province}市"):
        code = code_for(name, rec.get("city"), rec.get("district"))
        if code:
            return code
    return ""


def parse_sheet(data: bytes, filename: str, items: list[Item]) -> ImportResult:
    out = ImportResult()
    try:
        table = _xlsx_rows(data) if filename.lower().endswith(".xlsx") else _csv_rows(data)
    except Exception as exc:  # a corrupt upload: report it, do not crash the page
        out.errors.append((0, _("无法读取文件:{error}").format(error=exc)))
        return out
    if not table:
        out.errors.append((0, _("文件为空。")))
        return out
    cols = [
        HEADERS.get(str(h or "").strip().lower(), HEADERS.get(str(h or "").strip(), "")) for h in table[0]
    ]
    if not {"site", "item"} <= set(cols):
        # otherwise every row is silently empty and the page reports "0 imported" as a success
        out.errors.append((1, _("表头须包含「单位名称」(site) 和「物资」(item) 两列。")))
        return out
    for n, values in enumerate(table[1:], start=2):
        # cell(): no NUL (PostgreSQL refuses it), Excel dates as YYYY-MM-DD, 5.0 as 5
        rec = {c: cell(v) for c, v in zip(cols, values, strict=False) if c and cell(v)}
        if not rec:
            continue
        try:
            out.rows.append(_sheet_row(n, rec, items))
        except ValueError as exc:
            out.errors.append((n, str(exc)))
    return out


def _sheet_row(n: int, rec: dict[str, str], items: list[Item]) -> Row:
    if not rec.get("site"):
        raise ValueError(_("缺少单位名称。"))
    kind = KIND_WORDS.get(rec.get("kind", "hospital"))
    if kind is None:
        raise ValueError(_("未知的单位类型「{kind}」。").format(kind=rec["kind"]))
    item = _resolve(rec.get("item", ""), items)
    if item is None:
        raise ValueError(_("目录中没有「{item}」。").format(item=rec.get("item", "")))
    qty = _int(rec.get("quantity"), _("数量"))
    if qty is not None and qty < 0:
        raise ValueError(_("数量不能为负数。"))
    if qty is not None and qty > MAX_QTY:
        raise ValueError(_("数量不能超过 {n}。").format(n=MAX_QTY))
    urgency = _int(rec.get("urgency"), _("紧急程度")) or 3
    if urgency not in (1, 2, 3, 4):
        raise ValueError(_("紧急程度须为 1–4。"))
    lat, lon = _float(rec.get("lat")), _float(rec.get("lon"))
    try:
        needed_by = date.fromisoformat(rec["needed_by"]) if rec.get("needed_by") else None
    except ValueError as exc:
        raise ValueError(_("需要日期格式应为 YYYY-MM-DD。")) from exc
    site = SiteInput(
        name=rec["site"][:120],
        kind=kind,
        division_code=rec.get("division", "")[:9],
        address=rec.get("address", "")[:200],
        lat=lat,
        lon=lon,
        contact_name=rec.get("contact", "")[:60],
        contact_phone=rec.get("phone", "")[:40],
    )
    try:  # checked here, with the row number, not later inside the write
        check_site(site)
    except DomainError as exc:
        raise ValueError(exc.message) from exc
    return Row(n, site, item, qty, urgency, needed_by)


def _int(text: str | None, label: str) -> int | None:
    if not text:
        return None
    try:
        return int(float(text))
    except (ValueError, OverflowError) as exc:  # "1e400" is inf, which int() refuses with OverflowError
        raise ValueError(_("{label}「{text}」不是数字。").format(label=label, text=text)) from exc


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError as exc:
        raise ValueError(_("坐标「{text}」不是数字。").format(text=text)) from exc


def _csv_rows(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # Excel on Chinese Windows saves CSV in GBK
        text = data.decode("gb18030")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]  # type: ignore[union-attr]


def needs_import(
    *, actor: Any, incident: Incident, data: bytes, filename: str, skip_broken: bool = False
) -> ImportResult:
    items = list(Item.objects.all())
    parsed = (
        parse_wuhan2020(data, items)
        if filename.lower().endswith(".json")
        else parse_sheet(data, filename, items)
    )
    if parsed.errors and not skip_broken:
        return parsed
    broken = {n for n, _message in parsed.errors}
    with transaction.atomic():
        sites = {s.name: s for s in Site.objects.filter(incident=incident)}
        for row in parsed.rows:
            if row.number in broken and not skip_broken:
                continue
            site = sites.get(row.site.name)
            if site is None:
                site = sites[row.site.name] = site_create(actor=actor, incident=incident, data=row.site)
                parsed.sites_created += 1
            site_need_set(
                actor=actor,
                site=site,
                item=row.item,
                quantity=row.quantity,
                urgency=row.urgency,
                needed_by=row.needed_by,
                note=_("导入"),
            )
            parsed.written += 1
    return parsed
