"""Purchases (采购) paid from a money donation: into a warehouse as a lot of that donation, or
delivered by the supplier straight to a site. The donation's donor conditions carry over to the goods,
and its feedback page lists what was bought and where it went."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import event_record
from supplies.models import Donation, Item, Purchase, ShipmentLine, Site, StockLot, StockMove, Warehouse
from supplies.services.direct import direct_shipment_open, open_need
from supplies.services.stock import lot_move

SPENDABLE = (Donation.Status.PLEDGED, Donation.Status.RECEIVED)
CENT = Decimal("0.01")


@dataclass
class PurchaseInput:
    supplier: str
    item: Item
    quantity: int
    unit_price: Decimal
    warehouse: Warehouse | None = None
    site: Site | None = None
    expires_on: date | None = None
    note: str = ""


def _check(donation: Donation, d: PurchaseInput) -> Decimal:
    if donation.kind != Donation.Kind.MONEY:
        raise DomainError(_("只有资金捐赠可以用于采购。"))
    if donation.status not in SPENDABLE:
        raise DomainError(_("该捐赠已取消,不能用于采购。"))
    if not d.supplier.strip():
        raise DomainError(_("请填写供应商。"), field="supplier")
    if d.quantity <= 0 or d.unit_price <= 0:
        raise DomainError(_("采购数量和单价须大于 0。"), field="quantity")
    if (d.warehouse is None) == (d.site is None):
        raise DomainError(_("请选择入库仓库或直送的需求单位(二选一)。"), field="warehouse")
    place = d.warehouse or d.site
    if place is not None and place.incident_id != donation.incident_id:
        raise DomainError(_("仓库或需求单位不属于该事件。"), field="warehouse")
    return (d.unit_price * d.quantity).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def purchase_record(*, actor: Any, donation: Donation, data: PurchaseInput) -> Purchase:
    total = _check(donation, data)
    # Compare-and-set on the money left: two coordinators spending the same donation at once can
    # never spend more than it holds (the CHECK constraint backs this up).
    rows = Donation.objects.filter(
        pk=donation.pk, status__in=SPENDABLE, spent_yuan__lte=F("amount_yuan") - total
    ).update(spent_yuan=F("spent_yuan") + total)
    if rows != 1:
        donation.refresh_from_db(fields=["spent_yuan", "amount_yuan"])
        raise DomainError(
            _("采购金额 {total} 元超出该捐赠的剩余资金 {left} 元。").format(
                total=total, left=donation.remaining_yuan
            ),
            field="quantity",
        )
    purchase = Purchase(
        donation=donation,
        supplier=data.supplier.strip()[:120],
        item=data.item,
        quantity=data.quantity,
        unit_price=data.unit_price,
        total=total,
        warehouse=data.warehouse,
        site=data.site,
        note=data.note[:300],
        created_by=actor,
    )
    if data.warehouse is not None:
        purchase.lot = StockLot.objects.create(
            warehouse=data.warehouse, item=data.item, donation=donation, expires_on=data.expires_on
        )
        purchase.save()
        reason = _("采购#{pk}(捐赠#{d})").format(pk=purchase.pk, d=donation.pk)
        lot_move(
            lot=purchase.lot, delta=data.quantity, kind=StockMove.Kind.RECEIPT, actor=actor, reason=reason
        )
    else:
        assert data.site is not None
        purchase.shipment = direct_shipment_open(donation=donation, site=data.site, supplier=data.supplier)
        ShipmentLine.objects.create(
            shipment=purchase.shipment,
            item=data.item,
            need=open_need(data.site, data.item),
            quantity=data.quantity,
        )
        purchase.save()
    donation.refresh_from_db(fields=["spent_yuan"])
    event_record(
        actor=actor,
        kind="purchase_recorded",
        subject=purchase,
        incident_id=donation.incident_id,
        data={
            "donation": donation.pk,
            "supplier": purchase.supplier,
            "item": data.item.name,
            "quantity": data.quantity,
            "total": str(total),
            "left": str(donation.remaining_yuan),
            "to": data.warehouse.name if data.warehouse else data.site.name,  # type: ignore[union-attr]
        },
    )
    return purchase
