"""Warehouses, stock movements and stock counts. Every change of a lot goes through ``lot_move``."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.errors import ConflictError, DomainError
from core.services import event_record
from orgs.models import Incident, Organisation
from supplies.models import Shipment, StockCount, StockCountLine, StockLot, StockMove, Warehouse


def lot_move(
    *,
    lot: StockLot,
    delta: int,
    kind: str,
    actor: Any,
    reason: str = "",
    shipment: Shipment | None = None,
    count: StockCount | None = None,
) -> None:
    """Change a lot's free quantity by ``delta`` and append the move. Compare-and-set: a draw only
    succeeds while enough is left, so two approvals can never take the same units (the database's
    CHECK quantity >= 0 backs this up). Call inside the caller's transaction."""
    rows = StockLot.objects.filter(pk=lot.pk, quantity__gte=max(-delta, 0)).update(
        quantity=F("quantity") + delta
    )
    if rows != 1:
        left = StockLot.objects.filter(pk=lot.pk).values_list("quantity", flat=True).first()
        raise ConflictError(
            _("库存不足:{item}@{warehouse} 仅剩 {left},需要 {need}。").format(
                item=lot.item.name, warehouse=lot.warehouse.name, left=left, need=-delta
            )
        )
    StockMove.objects.create(
        lot=lot,
        kind=kind,
        delta=delta,
        reason=reason[:200],
        shipment=shipment,
        count=count,
        actor=actor if actor and actor.is_authenticated else None,
    )


@transaction.atomic
def warehouse_create(
    *,
    actor: Any,
    incident: Incident,
    org: Organisation,
    name: str,
    lat: float,
    lon: float,
    address: str = "",
    division_code: str = "",
    area_m2: int | None = None,
) -> Warehouse:
    if not name.strip():
        raise DomainError(_("请填写仓库名称。"), field="name")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DomainError(_("经纬度超出范围。"), field="lat")
    house = Warehouse.objects.create(
        incident=incident,
        org=org,
        name=name.strip(),
        lat=lat,
        lon=lon,
        address=address,
        division_code=division_code,
        area_m2=area_m2,
    )
    event_record(actor=actor, kind="warehouse_created", subject=house, incident_id=incident.pk, org_id=org.pk)
    return house


@dataclass
class CountInput:
    lot_id: int
    counted: int
    reason: str = ""


@transaction.atomic
def stock_count_record(
    *, actor: Any, warehouse: Warehouse, lines: list[CountInput], note: str = ""
) -> StockCount:
    """Record a count (盘点); every difference becomes an adjustment with its reason."""
    lots = {lot.pk: lot for lot in StockLot.objects.select_for_update().filter(warehouse=warehouse)}
    for line in lines:
        if line.lot_id not in lots:
            raise DomainError(_("批次不属于该仓库。"), field="lots")
        if line.counted < 0:
            raise DomainError(_("实盘数量不能为负数。"), field="lots")
        if line.counted != lots[line.lot_id].quantity and not line.reason.strip():
            raise DomainError(_("有差异的批次须填写原因。"), field="lots")
    count = StockCount.objects.create(warehouse=warehouse, actor=actor, note=note[:300])
    diffs = {}
    for line in lines:
        lot = lots[line.lot_id]
        StockCountLine.objects.create(
            count=count, lot=lot, expected=lot.quantity, counted=line.counted, reason=line.reason[:200]
        )
        if line.counted != lot.quantity:
            lot_move(
                lot=lot,
                delta=line.counted - lot.quantity,
                kind=StockMove.Kind.ADJUST,
                actor=actor,
                reason=line.reason,
                count=count,
            )
            diffs[lot.pk] = line.counted - lot.quantity
    event_record(
        actor=actor,
        kind="stock_counted",
        subject=count,
        incident_id=warehouse.incident_id,
        org_id=warehouse.org_id,
        data={"adjustments": diffs},
    )
    return count
