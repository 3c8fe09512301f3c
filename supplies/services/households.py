"""Supplies delivered to a household close need lines of its help request (cases.NeedLine)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import HelpRequest, NeedLine
from cases.services import help_request_deliver, need_lines_add_delivered
from core.errors import ConflictError, DomainError
from core.services import event_record
from supplies.models import Item, Shipment, ShipmentLine, StockLot, StockMove, Warehouse
from supplies.restrictions import donation_allows
from supplies.services.catalogue import item_keys, normalise
from supplies.services.expiry import fefo_key, fefo_split, usable_lots
from supplies.services.stock import lot_move

DELIVERABLE = (HelpRequest.Status.CLAIMED, HelpRequest.Status.IN_PROGRESS)


@transaction.atomic
def household_shipment_create(
    *,
    actor: Any,
    help_request: HelpRequest,
    warehouse: Warehouse,
    lines: list[tuple[StockLot, NeedLine, int]],
) -> Shipment:
    """Send goods from stock to one household for the given need lines of its help request. A given
    lot names the warehouse and item: the units are drawn first-expiry-first-out from the unexpired
    lots there that the household may receive (donor conditions), never from an expired lot."""
    if help_request.incident_id != warehouse.incident_id:
        raise DomainError(_("仓库与求助不属于同一事件。"))
    if not lines or any(q <= 0 for *_rest, q in lines):
        raise DomainError(_("配送数量须大于 0。"), field="lines")
    division = help_request.township_code or help_request.county_code
    shipment = Shipment.objects.create(
        incident_id=help_request.incident_id, warehouse=warehouse, help_request=help_request
    )
    for picked, need, qty in lines:
        if picked.warehouse_id != warehouse.pk or need.help_request_id != help_request.pk:
            raise DomainError(_("批次或需求明细不匹配。"), field="lines")
        if not serves(picked.item, need):
            raise DomainError(
                _("「{item}」不能满足需求「{need}」。").format(item=picked.item.name, need=need.item),
                field="lines",
            )
        usable = list(
            usable_lots(StockLot.objects.filter(warehouse=warehouse, item_id=picked.item_id))
            .select_related("donation", "item", "warehouse")
            .order_by("pk")
        )
        if not usable:
            raise DomainError(_("该仓库没有这种物资的未过期库存。"), field="lines")
        allowed = [
            lot
            for lot in usable
            if donation_allows(lot.donation, kind="household", division=division, groups=help_request.groups)
        ]
        if not allowed:
            raise DomainError(_("定向捐赠的条件不允许送往该家庭。"), field="lines")
        group = sorted(allowed, key=fefo_key)
        if sum(lot.quantity for lot in group) < qty:
            raise ConflictError(
                _("库存不足:{item}@{warehouse}。").format(item=picked.item.name, warehouse=warehouse.name)
            )
        for lot, take in fefo_split(group, {lot.pk: lot.quantity for lot in group}, qty):
            lot_move(
                lot=lot,
                delta=-take,
                kind=StockMove.Kind.ALLOCATE,
                actor=actor,
                reason=_("求助 {code}").format(code=help_request.code),
                shipment=shipment,
            )
            ShipmentLine.objects.create(
                shipment=shipment, lot=lot, item=lot.item, household_need=need, quantity=take
            )
    event_record(
        actor=actor,
        kind="shipment_planned",
        subject=shipment,
        incident_id=shipment.incident_id,
        data={"help_request": help_request.code},
    )
    return shipment


def serves(item: Item, need: NeedLine) -> bool:
    """Whether the catalogue item is what the need line asks for: its name, an alias or its standard
    within the free text ("大米" for "东北大米 10 斤") or the other way round. Delivery closes the line
    and may close the request, so rice must not count against insulin. A line without an item
    name (only a category) cannot be checked and is left to the coordinator."""
    wanted = normalise(need.item or "")
    return not wanted or any(key in wanted or wanted in key for key in item_keys(item))


def _met(line: NeedLine, more: int) -> bool:
    """A line is met when its quantity has arrived, or, with no quantity asked, when anything has."""
    delivered = line.qty_delivered + more
    return delivered > 0 if line.qty_requested is None else delivered >= line.qty_requested


def household_lines_delivered(*, actor: Any, shipment: Shipment, got: dict[int, int]) -> None:
    """Through cases' own delivery (which books the follow-up) once this shipment leaves no need
    line of the request short; otherwise only the quantities are added and the request stays
    where it is, so rice for a family still waiting for insulin does not mark the case delivered."""
    if not got or shipment.help_request_id is None:
        return
    hr = HelpRequest.objects.select_related("incident").get(pk=shipment.help_request_id)
    lines = list(hr.needs.all())
    complete = all(_met(line, got.get(line.pk, 0)) for line in lines)
    if hr.status in DELIVERABLE and any(got.values()) and complete:
        everything = dict.fromkeys((line.pk for line in lines), 0)
        help_request_deliver(
            actor=actor,
            help_request=hr,
            delivered={**everything, **got},
            note=_("物资配送 #{pk}").format(pk=shipment.pk),
        )
        return
    need_lines_add_delivered(
        actor=actor, help_request=hr, quantities=got, note=_("物资配送 #{pk}").format(pk=shipment.pk)
    )
