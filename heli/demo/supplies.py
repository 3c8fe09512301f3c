"""Demo supplies: a small catalogue, two warehouses, sites with needs, three donations in stock (one
restricted to care homes, one money spent on a purchase), an approved allocation plan whose shipments
are in several states, and one household shipment for a claimed request."""

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cases.models import HelpRequest, NeedLine
from heli.demo.network import Network
from heli.demo.volunteers import CENTRES
from supplies.models import Item, Shipment, StockLot, Warehouse
from supplies.services import (
    donation_pledge,
    donation_receive,
    household_shipment_create,
    item_create,
    plan_approve,
    plan_propose,
    purchase_record,
    shipment_deliver,
    shipment_dispatch,
    shipment_fail,
    site_create,
    site_need_set,
    warehouse_create,
)
from supplies.services.donations import PledgeInput, ReceiptLine
from supplies.services.purchases import PurchaseInput
from supplies.services.sites import SiteInput

# key, name, category, unit, specification, aliases
ITEMS = (
    ("mask", "医用防护口罩", "protective", "piece", "GB 19083-2010", ["N95", "N95口罩"]),
    ("rice", "大米", "food", "bag", "10 公斤/袋", ["东北大米"]),
    ("diaper", "成人纸尿裤", "daily", "piece", "", ["纸尿裤", "护理垫"]),
    ("sanitiser", "含氯消毒液", "disinfection", "bottle", "500 毫升", ["84消毒液", "消毒液"]),
)
# name, kind, county, groups, needs: (item key, quantity or None = 数量不详, urgency)
SITES: tuple[tuple[str, str, str, tuple[str, ...], tuple[tuple[str, int | None, int], ...]], ...] = (
    ("雁塔区某定点医院(演示)", "hospital", "610113", (), (("mask", 1500, 1), ("sanitiser", 120, 2))),
    ("长乐中路社区(演示)", "community", "610102", ("elderly",), (("rice", 160, 2), ("mask", 400, 3))),
    ("纺织城街道敬老院(演示)", "care_home", "610111", ("elderly",),
     (("diaper", 500, 1), ("mask", 300, 2), ("sanitiser", 60, 3))),
    ("未央区隔离酒店(演示)", "isolation_point", "610112", (), (("rice", 80, 3), ("mask", None, 2))),
    ("长安区某福利院(演示)", "care_home", "610116", ("children",), (("diaper", 200, 2), ("rice", 40, 3))),
)


def build_supplies(rng: random.Random, net: Network, now: datetime) -> dict[str, int]:
    actor = net.hub_coords[0]
    incident = net.incident
    items = {key: item_create(actor=actor, name=name, category=cat, unit=unit, specification=spec,
                              aliases=aliases)
             for key, name, cat, unit, spec, aliases in ITEMS}
    houses = [
        warehouse_create(actor=actor, incident=incident, org=net.members["qinling"],
                         name="未央区中转仓(演示)", lat=34.301, lon=108.951,
                         address="未央区示例物流园 2 号库", division_code="610112"),
        warehouse_create(actor=actor, incident=incident, org=net.members["yiyao"],
                         name="长安区医药仓(演示)", lat=34.162, lon=108.915, address="长安区示例路 18 号",
                         division_code="610116"),
    ]
    for name, kind, county, groups, needs in SITES:
        lat, lon = CENTRES[county]
        site = site_create(actor=actor, incident=incident, data=SiteInput(
            name=name, kind=kind, division_code=county, lat=round(lat + rng.uniform(-0.01, 0.01), 5),
            lon=round(lon + rng.uniform(-0.01, 0.01), 5), contact_name="值班室",
            contact_phone=f"1390000{800 + len(name):04d}", groups=groups))
        for key, qty, urgency in needs:
            site_need_set(actor=actor, site=site, item=items[key], quantity=qty, urgency=urgency,
                          needed_by=timezone.localdate(now) + timedelta(days=urgency))
    _donations(net, items, houses, now)
    plan = plan_propose(actor=actor, incident=incident, items=list(items.values()))
    shipments = plan_approve(actor=actor, plan=plan)
    _ship(shipments, actor)
    _household(net, items)
    return {"sites": len(SITES), "stock lots": StockLot.objects.filter(warehouse__incident=incident).count(),
            "shipments": Shipment.objects.filter(incident=incident).count()}


def _donations(net: Network, items: dict[str, Item], houses: list[Warehouse], now: datetime) -> None:
    actor, incident = net.hub_coords[0], net.incident
    today = timezone.localdate(now)
    goods = donation_pledge(actor=actor, incident=incident, data=PledgeInput(
        donor_name="示例医疗器械有限公司(演示)", donor_kind="company", kind="goods",
        donor_contact="139-0000-0901",
        lines=[(items["mask"], 3000), (items["sanitiser"], 240), (items["rice"], 300)]))
    # The sanitiser expires within the week: the overview flags it and plans send it out first (FEFO).
    expiry = {items["sanitiser"].pk: today + timedelta(days=5), items["mask"].pk: today + timedelta(days=700)}
    donation_receive(actor=actor, donation=goods, warehouse=houses[0], lines=[
        ReceiptLine(line.pk, line.quantity, expiry.get(line.item_id)) for line in goods.lines.order_by("pk")])
    restricted = donation_pledge(actor=actor, incident=incident, data=PledgeInput(
        donor_name="示例公益基金会(演示)", donor_kind="foundation", kind="goods",
        lines=[(items["diaper"], 600), (items["mask"], 300)], only_site_kinds=["care_home"],
        note="仅限养老院/福利院使用"))
    donation_receive(actor=actor, donation=restricted, warehouse=houses[1], lines=[
        ReceiptLine(line.pk, line.quantity) for line in restricted.lines.order_by("pk")])
    money = donation_pledge(actor=actor, incident=incident, data=PledgeInput(
        donor_name="爱心市民张先生(演示)", donor_kind="person", kind="money", amount_yuan=Decimal(20000)))
    purchase_record(actor=actor, donation=money, data=PurchaseInput(
        supplier="示例粮油批发部(演示)", item=items["rice"], quantity=100, unit_price=Decimal(65),
        warehouse=houses[1], note="用爱心市民捐款采购"))


def _ship(shipments: list[Shipment], actor: Any) -> None:
    """planned, dispatched, delivered, partly delivered, failed: one of each where there are enough."""
    for i, shipment in enumerate(sorted(shipments, key=lambda s: s.pk)):
        step = i % 5
        if step == 0:
            continue
        shipment_dispatch(actor=actor, shipment=shipment, vehicle=f"陕A·D{1000 + i}", driver="司机(演示)",
                          pass_number=f"TX-DEMO-{i:03d}")
        if step == 2:
            shipment_deliver(actor=actor, shipment=shipment, receiver_name="仓管员(演示)")
        elif step == 3:
            line = shipment.lines.order_by("pk").first()
            shipment_deliver(actor=actor, shipment=shipment, receiver_name="值班护士(演示)",
                             quantities={line.pk: line.quantity // 2}, note="部分箱子破损,退回")
        elif step == 4:
            shipment_fail(actor=actor, shipment=shipment, reason="封控升级,车辆未能进入(演示)")


def _household(net: Network, items: dict[str, Item]) -> None:
    """Rice for one claimed household that asked for it; sent out, not yet signed for."""
    line = (NeedLine.objects.filter(help_request__incident=net.incident, item__contains="大米",
                                    help_request__status__in=("claimed", "in_progress"))
            .select_related("help_request").order_by("pk").first())
    lot = (StockLot.objects.filter(warehouse__incident=net.incident, item=items["rice"], quantity__gt=0)
           .select_related("warehouse").order_by("pk").first())
    if line is None or lot is None:
        return
    hr: HelpRequest = line.help_request
    qty = min(line.qty_requested or 1, lot.quantity)
    shipment = household_shipment_create(actor=net.hub_coords[0], help_request=hr, warehouse=lot.warehouse,
                                         lines=[(lot, line, qty)])
    shipment_dispatch(actor=net.hub_coords[0], shipment=shipment, vehicle="陕A·D2001", driver="司机(演示)")
