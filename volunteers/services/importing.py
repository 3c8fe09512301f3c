"""Import volunteers from XLSX (or CSV): preview with per-row errors, then import the good rows whole.

Columns (first row, any order): 姓名 手机号 类型 区划代码 纬度 经度 技能 可服务时间 保险单号
保险有效期 同时可接任务数.
技能: "司机(面包车);翻译(英语/手语);医生:3" — label or code, optional :level (1–3), details in brackets
(vehicle for drivers, languages for translators). 可服务时间: "周一 08:00-12:00;每天 19:00-21:00".
A row with any error is skipped whole; the import runs in one transaction.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import event_record
from orgs.models import Organisation
from volunteers.models.choices import SIGN_LANGUAGE, Skill, Tier, Vehicle
from volunteers.services.registration import ProfileInput, SkillInput, _create, profile_clean

MAX_ROWS = 5000
COLUMNS = {
    "姓名": "name",
    "手机号": "phone",
    "电话": "phone",
    "类型": "tier",
    "区划代码": "division_code",
    "纬度": "lat",
    "经度": "lon",
    "技能": "skills",
    "可服务时间": "availability",
    "保险单号": "insurance_policy",
    "保险有效期": "insurance_valid_to",
    "同时可接任务数": "capacity",
}
REQUIRED = ("name", "phone")
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
LANGS = {
    "手语": SIGN_LANGUAGE,
    "英语": "en",
    "日语": "ja",
    "韩语": "ko",
    "俄语": "ru",
    "法语": "fr",
    "阿拉伯语": "ar",
    "乌尔都语": "ur",
    "西班牙语": "es",
    "德语": "de",
}


@dataclass
class ImportRow:
    line: int
    name: str
    phone: str
    errors: list[str] = field(default_factory=list)
    data: ProfileInput | None = None


def _labels(choices: Any) -> list[tuple[str, list[str]]]:
    """Each value with its Chinese label and its label in the active language.

    Sheets are written in Chinese whatever language the coordinator reads the site in, so matching
    on the active language alone rejected every skill when the UI was English.
    """
    with translation.override(settings.LANGUAGE_CODE):
        source = [str(label) for _value, label in choices.choices]
    return [(v, [v, zh, str(label)]) for (v, label), zh in zip(choices.choices, source, strict=True)]


def _by_label(choices: Any, text: str) -> str | None:
    text = text.strip().lower()
    if not text:
        return None
    for value, labels in _labels(choices):
        if any(text == x.lower() or x.lower().startswith(text) for x in labels):
            return value
    return None


def parse_skills(cell: str, errors: list[str]) -> list[SkillInput]:
    out = []
    for item in filter(None, (s.strip() for s in re.split(r"[;;,,、\n]", cell))):
        m = re.match(r"^([^:::((]+)\s*(?:[::]\s*(\d))?\s*(?:[((](.*)[))])?$", item)
        skill = _by_label(Skill, m.group(1)) if m else None
        if skill is None:
            errors.append(_("未知的技能:{skills}").format(skills=item))
            continue
        detail = [d.strip() for d in re.split(r"[//]", m.group(3) or "") if d.strip()]
        vehicle = _by_label(Vehicle, detail[0]) if skill == Skill.DRIVER and detail else ""
        if skill == Skill.DRIVER and detail and vehicle is None:
            errors.append(_("未知的车辆类型:{vehicle}").format(vehicle=detail[0]))
        langs = [LANGS.get(d, d.lower()) for d in detail] if skill == Skill.TRANSLATOR else []
        out.append(SkillInput(skill, int(m.group(2) or 2), vehicle or "", langs))
    return out


def parse_availability(cell: str, errors: list[str]) -> list[tuple[int, time, time]]:
    out = []
    for item in filter(None, (s.strip() for s in re.split(r"[;;,,\n]", cell))):
        m = re.match(
            r"^(?:周|星期)?([一二三四五六日天]|每天)\s*(\d{1,2}):(\d{2})\s*[-–~至]\s*(\d{1,2}):(\d{2})$", item
        )
        if not m or int(m.group(2)) > 23 or int(m.group(4)) > 24:
            errors.append(_("看不懂的可服务时间:{text}").format(text=item))
            continue
        start = time(int(m.group(2)), int(m.group(3)))
        end = time(23, 59) if int(m.group(4)) == 24 else time(int(m.group(4)), int(m.group(5)))
        days = range(7) if m.group(1) == "每天" else [WEEKDAYS[m.group(1)]]
        out += [(d, start, end) for d in days]
    return out


def _row(line: int, rec: dict[str, str]) -> ImportRow:
    row = ImportRow(line, rec.get("name", ""), rec.get("phone", ""))
    errs = row.errors
    errs += [
        _("缺少{column}").format(column=k)
        for k, v in ((_("姓名"), row.name), (_("手机号"), row.phone))
        if not v
    ]
    tier = _by_label(Tier, rec.get("tier") or "线下") or ""
    lat = lon = None
    try:
        lat = float(rec["lat"]) if rec.get("lat") else None
        lon = float(rec["lon"]) if rec.get("lon") else None
    except ValueError:
        errs.append(_("经纬度不是数字"))
    valid_to: date | None = None
    if rec.get("insurance_valid_to"):
        try:
            valid_to = datetime.strptime(rec["insurance_valid_to"][:10], "%Y-%m-%d").date()
        except ValueError:
            errs.append(_("保险有效期应为 YYYY-MM-DD"))
    data = ProfileInput(
        name=row.name,
        phone=row.phone,
        tier=tier or rec.get("tier", ""),
        division_code=rec.get("division_code", ""),
        lat=lat,
        lon=lon,
        capacity=int(rec["capacity"]) if rec.get("capacity", "").isdigit() else 3,
        skills=parse_skills(rec.get("skills", ""), errs),
        availability=parse_availability(rec.get("availability", ""), errs),
        insurance_policy=rec.get("insurance_policy", ""),
        insurance_valid_to=valid_to,
    )
    if not errs:
        errs += profile_clean(data)
    row.data = None if errs else data
    return row


def _column(heading: str) -> str:
    """The Chinese heading, or the field's own name (name, phone, tier, …) for English sheets."""
    heading = heading.strip()
    return COLUMNS.get(heading) or (heading.lower() if heading.lower() in set(COLUMNS.values()) else "")


def import_preview(*, table: list[list[str]]) -> list[ImportRow]:
    if not table:
        raise DomainError(_("文件是空的。"), field="file")
    header = [_column(h) for h in table[0]]
    missing = [k for k, v in COLUMNS.items() if v in REQUIRED and v not in header and k != "电话"]
    if missing:
        raise DomainError(_("缺少列:{columns}").format(columns="、".join(missing)), field="file")
    if len(table) - 1 > MAX_ROWS:
        raise DomainError(_("一次最多导入 {n} 行。").format(n=MAX_ROWS), field="file")
    rows, seen = [], set()
    taken = set(
        get_user_model()
        .objects.filter(
            username__in=[r[header.index("phone")] for r in table[1:] if len(r) > header.index("phone")]
        )
        .values_list("username", flat=True)
    )
    for n, values in enumerate(table[1:], start=2):
        if not any(str(v).strip() for v in values):
            continue
        rec = {k: str(v).strip() for k, v in zip(header, values, strict=False) if k}
        row = _row(n, rec)
        if row.phone in seen or row.phone in taken:
            row.errors.append(_("手机号 {phone} 已存在").format(phone=row.phone))
            row.data = None
        seen.add(row.phone)
        rows.append(row)
    return rows


@transaction.atomic
def import_run(*, actor: Any, org: Organisation, table: list[list[str]]) -> tuple[int, list[ImportRow]]:
    """Create every good row (approved: a coordinator vouches for the list); skip the others whole."""
    rows = import_preview(table=table)
    created = 0
    for row in rows:
        if row.data is not None:
            _create(row.data, org, "approved", actor, None)
            created += 1
    event_record(
        actor=actor,
        kind="volunteers_imported",
        subject=org,
        org_id=org.pk,
        data={"created": created, "skipped": sum(1 for r in rows if r.data is None)},
    )
    return created, rows
