"""Allocation plans (调配方案): propose with the fair engine, edit, approve into shipments."""

from collections import defaultdict
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ConflictError, DomainError
from core.services import event_record
from matching.allocation import Lot, Move, NeedLine, Warehouse, allocate, allocate_fcfs
from matching.allocation.metrics import plan_metrics
from orgs.models import Incident
from supplies.models import (
    AllocationPlan,
    Item,
    PlanLine,
    Shipment,
    ShipmentLine,
    SiteNeed,
    StockLot,
    StockMove,
)
from supplies.restrictions import restriction_of, site_allowed
from supplies.services.expiry import fefo_groups, fefo_split, usable_lots
from supplies.services.stock import lot_move

P = AllocationPlan.Status


def plan_inputs(incident: Incident, items: list[Item]) -> tuple[list[StockLot], list[SiteNeed], int]:
    """Free, unexpired lots and plannable needs; also how many open needs were left out (quantity
    unknown or no location) so the page can say so."""
    lots = list(
        usable_lots(StockLot.objects.filter(warehouse__incident=incident, item__in=items)).select_related(
            "warehouse", "donation", "item"
        )
    )
    needs = list(
        SiteNeed.objects.filter(site__incident=incident, item__in=items, status=SiteNeed.Status.OPEN)
        .select_related("site", "item")
        .order_by("pk")
    )
    ok = [n for n in needs if n.quantity is not None and n.remaining and n.site.lat is not None]
    skipped = sum(1 for n in needs if n.quantity is None or n.site.lat is None)
    return lots, ok, skipped


def to_solver(
    lots: list[StockLot], needs: list[SiteNeed]
) -> tuple[list[Warehouse], list[NeedLine], list[list[StockLot]]]:
    """One solver lot per group of interchangeable lots (same warehouse, item and donor conditions; an
    unrestricted group gets the empty Restriction); its id is the group's index, each group in FEFO
    order so ``fefo_moves`` can map planned units back to lots. Needs in pk order = arrival order."""
    groups = fefo_groups(lots, lambda lot: (lot.warehouse_id, lot.item_id, restriction_of(lot.donation)))
    by_house: dict[int, list[int]] = defaultdict(list)
    for g, group in enumerate(groups):
        by_house[group[0].warehouse_id].append(g)
    houses = [
        Warehouse(
            id=str(house_id),
            lat=groups[gs[0]][0].warehouse.lat,
            lon=groups[gs[0]][0].warehouse.lon,
            lots=tuple(
                Lot(
                    id=str(g),
                    item=str(groups[g][0].item_id),
                    quantity=sum(lot.quantity for lot in groups[g]),
                    restriction=restriction_of(groups[g][0].donation),
                )
                for g in gs
            ),
        )
        for house_id, gs in by_house.items()
    ]
    lines = [
        NeedLine(
            id=str(n.pk),
            site_id=str(n.site_id),
            site_kind=n.site.kind,
            district=n.site.division_code,
            lat=n.site.lat,
            lon=n.site.lon,
            item=str(n.item_id),
            quantity=n.remaining or 0,  # type: ignore[arg-type]
            urgency=n.urgency,
            groups=frozenset(n.site.groups),
        )
        for n in needs
    ]
    return houses, lines, groups


def fefo_moves(moves: list[Move], groups: list[list[StockLot]]) -> list[tuple[StockLot, int, Move]]:
    """Each planned move split over its group's lots, first expiry first (plan lines per lot)."""
    left = {lot.pk: lot.quantity for group in groups for lot in group}
    return [
        (lot, qty, m) for m in moves for lot, qty in fefo_split(groups[int(m.lot_id or 0)], left, m.quantity)
    ]


@transaction.atomic
def plan_propose(*, actor: Any, incident: Incident, items: list[Item]) -> AllocationPlan:
    if not items:
        raise DomainError(_("请至少选择一种物资。"), field="items")
    lots, needs, skipped = plan_inputs(incident, items)
    if not lots or not needs:
        raise DomainError(_("所选物资没有可用库存或没有可调配的需求。"))
    houses, lines, groups = to_solver(lots, needs)
    fair, fcfs = allocate(houses, lines), allocate_fcfs(houses, lines)
    plan = AllocationPlan.objects.create(
        incident=incident,
        created_by=actor,
        metrics={"fair": fair.metrics.as_dict(), "fcfs": fcfs.metrics.as_dict(), "skipped_needs": skipped},
    )
    plan.items.set(items)
    PlanLine.objects.bulk_create(
        [
            PlanLine(plan=plan, lot=lot, need_id=int(m.need_id), quantity=qty, km=m.km)
            for lot, qty, m in fefo_moves(fair.moves(), groups)
        ]
    )
    event_record(
        actor=actor,
        kind="plan_proposed",
        subject=plan,
        incident_id=incident.pk,
        data={"items": [i.name for i in items], "fair": plan.metrics["fair"]},
    )
    return plan


def recompute_metrics(plan: AllocationPlan) -> dict[str, Any]:
    """The engine's figures for the plan as it stands after edits (same definitions as the solver)."""
    lines = list(plan.lines.select_related("need"))
    need_ids = sorted({pl.need_id for pl in lines} | set(plan.metrics.get("need_ids", [])))
    needs = {n.pk: n for n in SiteNeed.objects.filter(pk__in=need_ids)}
    pos = {pk: i for i, pk in enumerate(need_ids)}
    q = np.array([needs[pk].remaining or 0 for pk in need_ids], np.int64)
    urgency = np.array([needs[pk].urgency for pk in need_ids], np.int64)
    served = np.zeros(len(need_ids), np.int64)
    for pl in lines:
        served[pos[pl.need_id]] += pl.quantity
    qty = np.array([pl.quantity for pl in lines], np.int64)
    km = np.array([pl.km for pl in lines], np.float64)
    return plan_metrics(q, urgency, np.minimum(served, q), qty, km).as_dict()


@transaction.atomic
def plan_edit(*, actor: Any, plan: AllocationPlan, quantities: dict[int, int]) -> AllocationPlan:
    """A coordinator changes planned quantities (0 removes a line); limits are checked again."""
    if plan.status != P.DRAFT:
        raise DomainError(_("只有草案可以修改。"))
    lines = {pl.pk: pl for pl in plan.lines.select_related("lot", "need")}
    if set(quantities) - set(lines):
        raise DomainError(_("方案明细不属于该方案。"), field="lines")
    if any(q < 0 for q in quantities.values()):
        raise DomainError(_("数量不能为负数。"), field="lines")
    if "need_ids" not in plan.metrics:
        plan.metrics["need_ids"] = sorted({pl.need_id for pl in lines.values()})
    for pk, qty in quantities.items():
        lines[pk].quantity = qty
    per_lot: dict[int, int] = defaultdict(int)
    per_need: dict[int, int] = defaultdict(int)
    for pl in lines.values():
        per_lot[pl.lot_id] += pl.quantity
        per_need[pl.need_id] += pl.quantity
    for pl in lines.values():
        if per_lot[pl.lot_id] > pl.lot.quantity:
            raise DomainError(
                _("超出库存:{item} 批次 #{lot} 仅剩 {left}。").format(
                    item=pl.lot.item.name, lot=pl.lot_id, left=pl.lot.quantity
                ),
                field="lines",
            )
        if per_need[pl.need_id] > (pl.need.remaining or 0):
            raise DomainError(
                _("超出需求:{site} 仅需 {n}。").format(site=pl.need.site.name, n=pl.need.remaining),
                field="lines",
            )
    for pk, qty in quantities.items():
        if qty == 0:
            PlanLine.objects.filter(pk=pk).delete()
        else:
            PlanLine.objects.filter(pk=pk).update(quantity=qty)
    plan.metrics["fair"] = recompute_metrics(plan)
    rows = AllocationPlan.objects.filter(pk=plan.pk, status=P.DRAFT).update(metrics=plan.metrics, edited=True)
    if rows != 1:
        raise ConflictError(_("该方案刚被他人处理,请刷新。"))
    event_record(
        actor=actor,
        kind="plan_edited",
        subject=plan,
        incident_id=plan.incident_id,
        data={"quantities": {str(k): v for k, v in quantities.items()}},
    )
    return plan


@transaction.atomic
def plan_approve(*, actor: Any, plan: AllocationPlan) -> list[Shipment]:
    """Approve: stock is taken out of the lots and shipments are created, all in one transaction.
    A lot drawn down meanwhile (another plan approved first) refuses the draw and nothing is kept."""
    rows = AllocationPlan.objects.filter(pk=plan.pk, status=P.DRAFT).update(
        status=P.APPROVED, approved_by=actor, approved_at=timezone.now()
    )
    if rows != 1:
        raise ConflictError(_("该方案已被批准或作废。"))
    groups: dict[tuple[int, int], list[PlanLine]] = defaultdict(list)
    for pl in plan.lines.select_related("lot__warehouse", "lot__donation", "lot__item", "need__site"):
        if pl.lot.is_expired():
            raise DomainError(
                _("批次 #{lot} 已于 {day} 过期,请重新生成方案。").format(lot=pl.lot_id, day=pl.lot.expires_on)
            )
        if not site_allowed(pl.lot.donation, pl.need.site):
            raise DomainError(_("定向捐赠不允许送往「{site}」。").format(site=pl.need.site.name))
        groups[(pl.lot.warehouse_id, pl.need.site_id)].append(pl)
    shipments, draws = [], []
    for (house_id, site_id), pls in groups.items():
        shipment = Shipment.objects.create(
            incident=plan.incident, plan=plan, warehouse_id=house_id, site_id=site_id
        )
        shipments.append(shipment)
        for pl in pls:
            ShipmentLine.objects.create(
                shipment=shipment, lot=pl.lot, item=pl.lot.item, need=pl.need, quantity=pl.quantity
            )
            draws.append((pl, shipment))
    # Draw in lot order so two approvals touching the same lots queue instead of deadlocking.
    for pl, shipment in sorted(draws, key=lambda d: d[0].lot_id):
        lot_move(
            lot=pl.lot,
            delta=-pl.quantity,
            kind=StockMove.Kind.ALLOCATE,
            actor=actor,
            reason=_("方案#{pk}").format(pk=plan.pk),
            shipment=shipment,
        )
    event_record(
        actor=actor,
        kind="plan_approved",
        subject=plan,
        incident_id=plan.incident_id,
        data={"shipments": [s.pk for s in shipments]},
    )
    return shipments


@transaction.atomic
def plan_discard(*, actor: Any, plan: AllocationPlan) -> AllocationPlan:
    rows = AllocationPlan.objects.filter(pk=plan.pk, status=P.DRAFT).update(status=P.DISCARDED)
    if rows != 1:
        raise ConflictError(_("只有草案可以作废。"))
    plan.status = P.DISCARDED
    event_record(actor=actor, kind="plan_discarded", subject=plan, incident_id=plan.incident_id)
    return plan
