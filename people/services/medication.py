"""Medicines and critical supplies (药品余量): counts in, days left derived."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ConflictError, DomainError
from people.access import Need
from people.models import Medication, Person
from people.services._base import record, require


@dataclass
class MedicationInput:
    item: str
    daily_use: Any
    on_hand: Any
    kind: str = Medication.Kind.DRUG
    unit: str = ""
    source: str = Medication.Source.PHARMACY
    cold_chain: bool = False
    lead_time_days: int = 3


def quantity(value: Any, field: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("{label}须为数字。").format(label=label), field=field)
    if not number.is_finite() or number < 0:
        raise DomainError(_("{label}不能为负数。").format(label=label), field=field)
    if number >= Decimal("100000000"):
        raise DomainError(_("{label}过大。").format(label=label), field=field)
    return number.quantize(Decimal("0.01"))


def _clean(data: MedicationInput) -> dict[str, Any]:
    item = (data.item or "").strip()
    if not item or len(item) > 100:
        raise DomainError(_("请填写药品/物品名称(最多 100 字)。"), field="item")
    if data.kind not in Medication.Kind.values or data.source not in Medication.Source.values:
        raise DomainError(_("未知的类别或来源。"), field="kind")
    if not isinstance(data.lead_time_days, int) or not 0 <= data.lead_time_days <= 60:
        raise DomainError(_("提前预警天数须为 0 到 60。"), field="lead_time_days")
    return {
        "item": item,
        "kind": data.kind,
        "unit": (data.unit or "").strip()[:12],
        "source": data.source,
        "cold_chain": bool(data.cold_chain),
        "lead_time_days": data.lead_time_days,
        "daily_use": quantity(data.daily_use, "daily_use", _("每日用量")),
        "on_hand": quantity(data.on_hand, "on_hand", _("现有数量")),
    }


def stock_fields(on_hand: Decimal, daily_use: Decimal, lead: int, now: datetime) -> dict[str, Any]:
    runs_out, reorder = Medication.dates(on_hand, daily_use, now, lead)
    return {"on_hand": on_hand, "last_counted_at": now, "runs_out_on": runs_out, "reorder_on": reorder}


@transaction.atomic
def medication_set(
    *, actor: Any, person: Person, data: MedicationInput, medication: Medication | None = None
) -> Medication:
    """Add a medication or change its definition; the quantity given is a fresh count."""
    require(actor, person, Need.MANAGE)
    clean = _clean(data)
    now = timezone.now()
    fields = {**clean, **stock_fields(clean["on_hand"], clean["daily_use"], clean["lead_time_days"], now)}
    if medication is None:
        medication = Medication.objects.create(person=person, **fields)
        record(
            actor=actor,
            kind="medication_added",
            person=person,
            at=now,
            data={"item": medication.item, "on_hand": str(medication.on_hand)},
        )
        return medication
    _cas(medication, fields)
    record(
        actor=actor,
        kind="medication_changed",
        person=person,
        at=now,
        data={
            "item": medication.item,
            "on_hand": str(medication.on_hand),
            "daily_use": str(medication.daily_use),
        },
    )
    return medication


@transaction.atomic
def medication_count(*, actor: Any, medication: Medication, on_hand: Any) -> Medication:
    """A guardian or coordinator counted what is left (盘点): the runway restarts from here."""
    require(actor, medication.person, Need.CHECKIN)
    count = quantity(on_hand, "on_hand", _("现有数量"))
    old = medication.estimate_on_hand()
    _cas(medication, stock_fields(count, medication.daily_use, medication.lead_time_days, timezone.now()))
    record(
        actor=actor,
        kind="medication_counted",
        person=medication.person,
        data={"item": medication.item, "old": str(old), "new": str(count)},
    )
    return medication


@transaction.atomic
def medication_stop(*, actor: Any, medication: Medication, reason: str = "") -> Medication:
    require(actor, medication.person, Need.MANAGE)
    _cas(medication, {"active": False})
    record(
        actor=actor,
        kind="medication_stopped",
        person=medication.person,
        data={"item": medication.item, "reason": reason[:200]},
    )
    return medication


def _cas(medication: Medication, fields: dict[str, Any]) -> None:
    rows = Medication.objects.filter(pk=medication.pk, version=medication.version).update(
        version=F("version") + 1, **fields
    )
    if rows != 1:
        raise ConflictError(_("该药品记录刚被他人更新,请刷新后重试。"))
    for key, value in fields.items():
        setattr(medication, key, value)
    medication.version += 1
