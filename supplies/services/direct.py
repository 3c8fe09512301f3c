"""Direct shipments (直送): goods go straight from a donor or a supplier to a site, never through a
warehouse. The shipment's origin is the donation; its lines have no lot. Pledged goods are reserved on
their donation line (``qty_direct``) until delivery turns them into received units."""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ConflictError, DomainError
from core.services import event_record
from supplies.models import Donation, DonationLine, Item, Shipment, ShipmentLine, Site, SiteNeed
from supplies.restrictions import site_allowed


def direct_shipment_open(*, donation: Donation, site: Site, supplier: str = "") -> Shipment:
    """The shipment row shared by donated goods and purchases; callers check and record the event."""
    if site.incident_id != donation.incident_id:
        raise DomainError(_("需求单位不属于该事件。"), field="site")
    if not site_allowed(donation, site):
        raise DomainError(_("定向捐赠不允许送往「{site}」。").format(site=site.name), field="site")
    return Shipment.objects.create(
        incident_id=donation.incident_id, donation=donation, site=site, supplier=supplier.strip()[:120]
    )


def open_need(site: Site, item: Item) -> SiteNeed | None:
    return SiteNeed.objects.filter(site=site, item=item, status=SiteNeed.Status.OPEN).first()


@transaction.atomic
def direct_shipment_create(
    *, actor: Any, donation: Donation, site: Site, quantities: dict[int, int], carrier: str = ""
) -> Shipment:
    """Pledged goods (``quantities``: donation line id → units) sent by the donor straight to a site.
    Each line is reserved by a compare-and-set, so two shipments can never send more than pledged."""
    if donation.kind != Donation.Kind.GOODS or donation.status != Donation.Status.PLEDGED:
        raise DomainError(_("只有已承诺、未入库的物资捐赠可以直送。"))
    pledged = {ln.pk: ln for ln in donation.lines.select_related("item")}
    quantities = {k: v for k, v in quantities.items() if v}
    if not quantities or set(quantities) - set(pledged):
        raise DomainError(_("请按捐赠明细填写直送数量。"), field="lines")
    if any(q < 0 for q in quantities.values()):
        raise DomainError(_("直送数量不能为负数。"), field="lines")
    shipment = direct_shipment_open(donation=donation, site=site, supplier=carrier)
    for pk, qty in sorted(quantities.items()):
        line = pledged[pk]
        rows = DonationLine.objects.filter(
            pk=pk, quantity__gte=F("qty_direct") + F("qty_received") + qty
        ).update(qty_direct=F("qty_direct") + qty)
        if rows != 1:
            raise ConflictError(_("{item} 直送数量超出尚未送出的承诺数量。").format(item=line.item.name))
        ShipmentLine.objects.create(
            shipment=shipment,
            donation_line=line,
            item=line.item,
            need=open_need(site, line.item),
            quantity=qty,
        )
    event_record(
        actor=actor,
        kind="shipment_planned",
        subject=shipment,
        incident_id=shipment.incident_id,
        data={"direct": True, "donation": donation.pk, "site": site.name},
    )
    return shipment


def direct_lines_settled(shipment: Shipment, got: dict[int, int]) -> None:
    """Delivery or failure of a direct shipment: the reservation is released and what arrived counts
    as received; once everything pledged has arrived, the donation is received. Called inside the
    caller's transaction, after its status compare-and-set."""
    if shipment.donation_id is None:
        return
    for ln in shipment.lines.filter(donation_line__isnull=False):
        DonationLine.objects.filter(pk=ln.donation_line_id).update(
            qty_direct=F("qty_direct") - ln.quantity, qty_received=F("qty_received") + got.get(ln.pk, 0)
        )
    donation = shipment.donation
    if (
        donation is not None
        and donation.kind == Donation.Kind.GOODS
        and not donation.lines.filter(qty_received__lt=F("quantity")).exists()
    ):
        Donation.objects.filter(pk=donation.pk, status=Donation.Status.PLEDGED).update(
            status=Donation.Status.RECEIVED, received_at=timezone.now()
        )
