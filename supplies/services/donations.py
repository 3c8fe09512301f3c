"""Donations: pledged (承诺) → received into a warehouse as lots (入库), or cancelled."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Offer
from core.errors import ConflictError, DomainError
from core.services import event_record
from orgs.models import Incident
from supplies.models import Donation, DonationLine, Donor, Item, Site, StockLot, StockMove, Warehouse
from supplies.services.stock import lot_move

S = Donation.Status
GROUPS = ("elderly", "child", "pregnant", "disabled", "chronic_illness")


@dataclass
class PledgeInput:
    donor_name: str
    donor_kind: str
    kind: str
    lines: list[tuple[Item, int]] = field(default_factory=list)
    amount_yuan: Decimal | None = None
    donor_contact: str = ""
    only_site_kinds: list[str] = field(default_factory=list)
    only_groups: list[str] = field(default_factory=list)
    only_division: str = ""
    note: str = ""


def _check(data: PledgeInput) -> None:
    if not data.donor_name.strip():
        raise DomainError(_("请填写捐赠方。"), field="donor_name")
    if data.donor_kind not in Donor.Kind.values or data.kind not in Donation.Kind.values:
        raise DomainError(_("未知的捐赠方类型或捐赠形式。"), field="kind")
    if data.kind == Donation.Kind.MONEY and (data.amount_yuan is None or data.amount_yuan <= 0):
        raise DomainError(_("资金捐赠须填写大于 0 的金额。"), field="amount_yuan")
    if data.kind == Donation.Kind.MONEY and data.lines:
        # a goods line on a money pledge could never be received; goods are bought with 采购 later
        raise DomainError(_("资金捐赠不登记物资明细;请用善款采购时再选物资。"), field="lines")
    if data.kind == Donation.Kind.GOODS and not data.lines:
        raise DomainError(_("物资捐赠至少要有一项物资。"), field="lines")
    if any(q <= 0 for _item, q in data.lines):
        raise DomainError(_("捐赠数量须大于 0。"), field="lines")
    if set(data.only_site_kinds) - set(Site.Kind.values) or set(data.only_groups) - set(GROUPS):
        raise DomainError(_("未知的定向条件。"), field="only_site_kinds")
    if data.only_division and not data.only_division.isdigit():
        raise DomainError(_("定向地区须为行政区划代码。"), field="only_division")


@transaction.atomic
def donation_pledge(
    *, actor: Any, incident: Incident, data: PledgeInput, offer: Offer | None = None
) -> Donation:
    _check(data)
    # Many donors share a name (张伟, 爱心人士, 匿名): the contact tells them apart, so a second
    # 张伟 with another phone is a new donor, not more donations on the first one's record.
    key = {"name": data.donor_name.strip(), "kind": data.donor_kind, "contact": data.donor_contact.strip()}
    donor = Donor.objects.filter(**key).order_by("pk").first() or Donor.objects.create(**key)
    donation = Donation.objects.create(
        incident=incident,
        donor=donor,
        kind=data.kind,
        amount_yuan=data.amount_yuan,
        only_site_kinds=sorted(set(data.only_site_kinds)),
        only_groups=sorted(set(data.only_groups)),
        only_division=data.only_division,
        note=data.note[:300],
        offer=offer,
        created_by=actor,
    )
    DonationLine.objects.bulk_create(
        [DonationLine(donation=donation, item=i, quantity=q) for i, q in data.lines]
    )
    event_record(
        actor=actor,
        kind="donation_pledged",
        subject=donation,
        incident_id=incident.pk,
        data={"donor": donor.name, "lines": {i.name: q for i, q in data.lines}},
    )
    return donation


@transaction.atomic
def offer_pledge(*, actor: Any, offer: Offer, data: PledgeInput) -> Donation:
    """An offer of goods (资源信息) becomes a pledged donation; the offer is marked used."""
    rows = Offer.objects.filter(pk=offer.pk, status=Offer.Status.OPEN).update(status=Offer.Status.USED)
    if rows != 1:
        raise ConflictError(_("该资源信息已对接或已撤回。"))
    data.note = data.note or offer.text[:300]
    return donation_pledge(actor=actor, incident=offer.incident, data=data, offer=offer)


@dataclass
class ReceiptLine:
    line_id: int
    quantity: int
    expires_on: date | None = None


@transaction.atomic
def donation_receive(
    *, actor: Any, donation: Donation, warehouse: Warehouse, lines: list[ReceiptLine]
) -> list[StockLot]:
    """Check goods in: one lot per line received, with its expiry; the donation becomes received.
    The status change and the stock moves commit together or not at all."""
    if donation.kind != Donation.Kind.GOODS:
        raise DomainError(_("资金捐赠无需入库。"))
    if warehouse.incident_id != donation.incident_id:
        raise DomainError(_("仓库不属于该事件。"), field="warehouse")
    rows = Donation.objects.filter(pk=donation.pk, status=S.PLEDGED).update(
        status=S.RECEIVED, received_at=timezone.now()
    )
    if rows != 1:
        raise ConflictError(_("该捐赠已入库或已取消。"))
    pledged = {ln.pk: ln for ln in donation.lines.select_related("item")}
    if not lines or any(r.line_id not in pledged for r in lines):
        raise DomainError(_("请按捐赠明细填写实收数量。"), field="lines")
    if any(r.quantity < 0 for r in lines):
        raise DomainError(_("实收数量不能为负数。"), field="lines")
    lots = []
    for r in lines:
        line = pledged[r.line_id]
        # += : part of the pledge may already have arrived at a site directly (services/direct.py)
        DonationLine.objects.filter(pk=line.pk).update(qty_received=F("qty_received") + r.quantity)
        if r.quantity == 0:
            continue
        lot = StockLot.objects.create(
            warehouse=warehouse, item=line.item, donation=donation, expires_on=r.expires_on
        )
        lot_move(
            lot=lot,
            delta=r.quantity,
            kind=StockMove.Kind.RECEIPT,
            actor=actor,
            reason=_("捐赠#{pk}").format(pk=donation.pk),
        )
        lots.append(lot)
    event_record(
        actor=actor,
        kind="donation_received",
        subject=donation,
        incident_id=donation.incident_id,
        org_id=warehouse.org_id,
        data={"warehouse": warehouse.name, "lots": [lot.pk for lot in lots]},
    )
    return lots


@transaction.atomic
def donation_cancel(*, actor: Any, donation: Donation, reason: str) -> Donation:
    # money already spent on purchases, or goods already sent straight to a site, pin the donation
    rows = (
        Donation.objects.filter(pk=donation.pk, status=S.PLEDGED, spent_yuan=0)
        .exclude(lines__qty_direct__gt=0)
        .exclude(lines__qty_received__gt=0)
        .update(status=S.CANCELLED)
    )
    if rows != 1:
        raise ConflictError(_("只有已承诺、未入库、未支出的捐赠可以取消。"))
    donation.status = S.CANCELLED
    event_record(
        actor=actor,
        kind="donation_cancelled",
        subject=donation,
        incident_id=donation.incident_id,
        data={"reason": reason},
    )
    return donation
