"""Importing a registry list (XLSX or CSV): preview with per-row errors, then import the good rows.

Re-importing the same file is harmless: a row whose ID number, or name + phone, is already in the
network is reported as a duplicate and skipped whole (never half a person).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.services import InvalidInput
from core.errors import DomainError
from core.models import Event
from core.services import event_record
from heli.lib import tables
from heli.lib.phones import mask_phone
from orgs.models import Incident, Organisation
from people.models import Cadence, CheckInPlan, ConsentPurpose, DisabilityType, HouseholdMember, Vulnerability
from people.services.registry import build, duplicate_of, require_registrar
from people.validation import PersonInput, person_clean

MAX_ROWS = 5000
COLUMNS = {
    "姓名": "name",
    "身份证号": "id_number",
    "出生日期": "birth_date",
    "联系电话": "phone",
    "区划代码": "division_code",
    "详细地址": "address_detail",
    "重点类别": "vulnerabilities",
    "残疾类别": "disability_type",
    "有照护人": "has_carer",
    "照护情况": "carer_situation",
    "同意共享": "consent_scope",
    "同意用途": "consent_purposes",
    "联络频率": "cadence",
}
REQUIRED = ("姓名", "联系电话", "重点类别")
_YES = {"是", "有", "1", "y", "yes", "true", "同意"}


@dataclass
class ImportRow:
    line: int
    name: str
    phone: str
    status: str  # new / duplicate / error
    reasons: list[str] = field(default_factory=list)
    clean: dict[str, Any] | None = None


@dataclass
class ImportResult:
    rows: list[ImportRow]
    created: list[int] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def read_table(content: bytes, filename: str) -> list[list[str]]:
    try:
        return tables.read_table(content, filename)
    except tables.UnreadableTable as exc:
        raise DomainError(str(exc), field="file") from exc


def _labels(choices: Any) -> dict[str, str]:
    """Chinese label, English label and code → code, whatever language the importing user reads.

    Registry sheets come from community workers in Chinese; an English-speaking coordinator
    importing one must get the same result (the labels were matched in the UI language before).
    """
    by_label: dict[str, str] = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            by_label.update({str(label): value for value, label in choices})
            by_label.update({str(label).lower(): value for value, label in choices})
    by_label.update({value: value for value, _label in choices})
    return by_label


def _choices(raw: str, choices: Any) -> list[str]:
    by_label = _labels(choices)
    out = []
    for part in raw.replace(",", "、").replace(",", "、").replace(";", "、").replace("/", "、").split("、"):
        part = part.strip()
        if part:
            out.append(by_label.get(part, by_label.get(part.lower(), part)))
    return out


def row_input(values: dict[str, str]) -> PersonInput:
    birth = None
    if values.get("birth_date"):
        try:
            birth = date.fromisoformat(values["birth_date"].replace("/", "-")[:10])
        except ValueError:
            raise InvalidInput({"birth_date": [_("出生日期格式应为 YYYY-MM-DD。")]})
    cadence = _choices(values.get("cadence", ""), Cadence.choices)
    disability = _choices(values.get("disability_type", ""), DisabilityType.choices)
    return PersonInput(
        name=values.get("name", ""),
        phone=values.get("phone", ""),
        id_number=values.get("id_number", ""),
        birth_date=birth,
        division_code=values.get("division_code", ""),
        address_detail=values.get("address_detail", ""),
        vulnerabilities=_choices(values.get("vulnerabilities", ""), Vulnerability.choices),
        disability_type=disability[0] if disability else "",
        has_carer=values.get("has_carer", "").strip().lower() in _YES,
        carer_situation=values.get("carer_situation", ""),
        consent_scope="network" if values.get("consent_scope", "").strip().lower() in _YES else "own_org",
        consent_purposes=_choices(values.get("consent_purposes", ""), ConsentPurpose.choices),
        cadence=cadence[0] if cadence else "",
    )


def import_preview(*, org: Organisation, content: bytes, filename: str) -> ImportResult:
    table = [r for r in read_table(content, filename) if any(c.strip() for c in r)]
    if not table:
        raise DomainError(_("文件是空的。"), field="file")
    header = [h.strip() for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DomainError(
            _("缺少列:{missing}。第一行应为列名,如:{columns}。").format(
                missing="、".join(missing), columns="、".join(COLUMNS)
            ),
            field="file",
        )
    if len(table) - 1 > MAX_ROWS:
        raise DomainError(_("一次最多导入 {n} 行,请分批导入。").format(n=MAX_ROWS), field="file")
    seen: set[tuple[str, ...]] = set()
    rows = []
    for line, raw in enumerate(table[1:], start=2):
        values = {
            COLUMNS[h]: (raw[i].strip() if i < len(raw) else "") for i, h in enumerate(header) if h in COLUMNS
        }
        rows.append(_check_row(org, line, values, seen))
    return ImportResult(rows=rows)


def _check_row(org: Organisation, line: int, values: dict[str, str], seen: set[tuple[str, ...]]) -> ImportRow:
    row = ImportRow(
        line=line,
        name=values.get("name", "")[:1] + "**",
        phone=mask_phone(values.get("phone", "")),
        status="error",
    )
    try:
        clean = person_clean(row_input(values))
    except InvalidInput as exc:
        row.reasons = [m for messages in exc.errors.values() for m in messages]
        return row
    keys = {("id", clean["id_number"])} if clean["id_number"] else set()
    keys.add(("np", clean["name"], clean["phone"]))
    reason = duplicate_of(org.hub_id, clean) or (_("与文件中前面的行重复。") if keys & seen else None)
    seen.update(keys)
    row.clean, row.status, row.reasons = clean, ("duplicate" if reason else "new"), [reason] if reason else []
    return row


@transaction.atomic
def person_import(
    *, actor: Any, org: Organisation, content: bytes, filename: str, incident: Incident | None = None
) -> ImportResult:
    """Import every new, valid row; each row is whole or absent. One audit event for the batch and one
    registration event per person."""
    require_registrar(actor, org)
    result = import_preview(org=org, content=content, filename=filename)
    now = timezone.now()
    events = []
    for row in result.rows:
        if row.status != "new" or row.clean is None:
            continue
        person, household, plan = build(actor=actor, org=org, clean=row.clean, incident=incident, now=now)
        try:
            with transaction.atomic():
                person.save(force_insert=True)
                HouseholdMember.objects.bulk_create(household)
                plan.person = person
                CheckInPlan.objects.bulk_create([plan])
        except IntegrityError:
            row.status, row.reasons = "duplicate", [_("该人员刚被他人登记。")]
            continue
        result.created.append(person.pk)
        events.append(
            Event(
                actor=actor,
                kind="person_registered",
                subject_type="person",
                subject_id=person.pk,
                incident_id=person.incident_id,
                org_id=org.pk,
                created=now,
                data={"import": filename[:100], "line": row.line},
            )
        )
    Event.objects.bulk_create(events)
    event_record(
        actor=actor,
        kind="persons_imported",
        subject=org,
        org_id=org.pk,
        at=now,
        data={
            "file": filename[:100],
            "created": len(result.created),
            "duplicates": result.count("duplicate"),
            "errors": result.count("error"),
        },
    )
    return result
