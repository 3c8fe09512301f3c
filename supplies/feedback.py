"""Donor feedback (捐赠反馈): where one donation went, and totals per donor, item and district.

Households are counted, never named: the page is opened by the donor through a private link.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from geo.divisions import path_names
from orgs.models import Incident
from supplies.models import Donation, ShipmentLine, StockLot, StockMove


@dataclass
class Report:
    donation: Donation
    lines: list[dict[str, Any]] = field(default_factory=list)  # pledged / received per item
    lots: list[StockLot] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)  # per site shipment line
    purchases: list[dict[str, Any]] = field(default_factory=list)  # what a money donation bought
    households: int = 0
    household_units: int = 0
    in_stock: int = 0
    in_transit: int = 0
    written_off: int = 0  # expired or damaged units taken out of its lots
    adjusted: int = 0  # stock count differences on its lots (negative = fewer found)


def donation_report(donation: Donation) -> Report:
    r = Report(donation=donation)
    r.lines = [
        {
            "item": ln.item.name,
            "unit": ln.item.get_unit_display(),
            "pledged": ln.quantity,
            "received": ln.qty_received,
        }
        for ln in donation.lines.select_related("item")
    ]
    r.lots = list(donation.lots.select_related("warehouse", "item").order_by("pk"))
    r.in_stock = sum(lot.quantity for lot in r.lots)
    # so that received = delivered + in transit + in stock + written off − count differences
    moves = dict(
        StockMove.objects.filter(
            lot__donation=donation, kind__in=[StockMove.Kind.WRITE_OFF, StockMove.Kind.ADJUST]
        )
        .values_list("kind")
        .annotate(n=Sum("delta"))
        .order_by()
    )
    r.written_off = -moves.get(StockMove.Kind.WRITE_OFF, 0)
    r.adjusted = moves.get(StockMove.Kind.ADJUST, 0)
    r.purchases = [
        {
            "date": p.created_at,
            "supplier": p.supplier,
            "item": p.item.name,
            "quantity": p.quantity,
            "unit_price": p.unit_price,
            "total": p.total,
            "to": p.warehouse.name if p.warehouse else p.site.name if p.site else "",
            "direct": p.site_id is not None,
        }
        for p in donation.purchases.select_related("item", "warehouse", "site").order_by("pk")
    ]
    # from its lots (warehouse stock, purchases received into a warehouse) or sent straight to a site
    shipped = ShipmentLine.objects.filter(Q(lot__donation=donation) | Q(shipment__donation=donation))
    shipped = shipped.select_related("shipment__site", "item")
    homes = set()
    for sl in shipped.order_by("shipment__created_at"):
        s = sl.shipment
        if s.status in ("planned", "dispatched"):
            r.in_transit += sl.quantity
            continue
        if sl.qty_delivered == 0:  # failed, or nothing of this line arrived: it went back to stock
            continue
        if s.help_request_id:
            homes.add(s.help_request_id)
            r.household_units += sl.qty_delivered
            continue
        r.deliveries.append(
            {
                "date": s.delivered_at,
                "site": s.site.name if s.site else "",
                "kind": s.site.get_kind_display() if s.site else "",
                "place": path_names(s.site.division_code) if s.site else "",
                "item": sl.item.name,
                "quantity": sl.qty_delivered,
                "shipment": s.pk,
                "lot": sl.lot_id,
                "direct": s.warehouse_id is None,
                "status": s.get_status_display(),
            }
        )
    r.households = len(homes)
    return r


def totals(incident: Incident) -> dict[str, list[tuple[str, int]]]:
    """Units delivered per donor, per item and per district (county) in an incident."""
    rows = (
        ShipmentLine.objects.filter(shipment__incident=incident, qty_delivered__gt=0)
        .annotate(donor=Coalesce("lot__donation__donor__name", "shipment__donation__donor__name"))
        .values(
            "donor",
            "item__name",
            "shipment__site__division_code",
            "shipment__help_request__county_code",
        )
        .annotate(n=Sum("qty_delivered"))
    )
    out: dict[str, dict[str, int]] = {
        "donor": defaultdict(int),
        "item": defaultdict(int),
        "district": defaultdict(int),
    }
    for row in rows:
        out["donor"][row["donor"] or "—"] += row["n"]
        out["item"][row["item__name"]] += row["n"]
        code = (row["shipment__site__division_code"] or row["shipment__help_request__county_code"] or "")[:6]
        out["district"][path_names(code) if code else "—"] += row["n"]
    return {k: sorted(v.items(), key=lambda kv: -kv[1]) for k, v in out.items()}


def report_rows(r: Report) -> list[list[Any]]:
    """The report as plain rows: shared by the XLSX and the PDF."""
    d = r.donation
    rows: list[list[Any]] = [
        [_("捐赠反馈"), _("{donor}(捐赠 #{pk})").format(donor=d.donor.name, pk=d.pk)],
        [_("状态"), d.get_status_display(), _("登记日期"), d.created_at.date().isoformat()],
        *([[_("金额(元)"), d.amount_yuan, _("已支出(元)"), d.spent_yuan]] if d.amount_yuan else []),
        [],
        [_("物资"), _("承诺数量"), _("实收数量")],
        *[[ln["item"], ln["pledged"], ln["received"]] for ln in r.lines],
        [],
        [_("签收日期"), _("需求单位"), _("类型"), _("地区"), _("物资"), _("数量"), _("配送单")],
        *[
            [
                x["date"].date().isoformat() if x["date"] else "",
                x["site"],
                x["kind"],
                x["place"],
                x["item"],
                x["quantity"],
                f"#{x['shipment']}",
            ]
            for x in r.deliveries
        ],
        [],
        *_purchase_rows(r),
        [_("送达家庭数"), r.households, _("送达家庭的数量"), r.household_units],
        [_("运输中"), r.in_transit, _("仍在库"), r.in_stock],
        *([[_("报损"), r.written_off, _("盘点差异"), r.adjusted]] if r.written_off or r.adjusted else []),
    ]
    return rows


def _purchase_rows(r: Report) -> list[list[Any]]:
    if not r.purchases:
        return []
    head = [_("采购日期"), _("供应商"), _("物资"), _("数量"), _("单价(元)"), _("金额(元)"), _("去向")]
    return [
        head,
        *[
            [
                x["date"].date().isoformat(),
                x["supplier"],
                x["item"],
                x["quantity"],
                x["unit_price"],
                x["total"],
                x["to"],
            ]
            for x in r.purchases
        ],
        [],
    ]
