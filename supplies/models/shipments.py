from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import HelpRequest, NeedLine
from orgs.models import Incident
from supplies.models.catalogue import Item
from supplies.models.plans import AllocationPlan
from supplies.models.sites import Site, SiteNeed
from supplies.models.stock import StockLot, Warehouse


class Shipment(models.Model):
    """Goods on their way from a warehouse to a site or a household (配送), or straight from a donor or
    a supplier to a site (直送: ``donation`` set, no warehouse, lines without a lot)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("待发车")
        DISPATCHED = "dispatched", _("运输中")
        DELIVERED = "delivered", _("已签收")
        PARTLY = "partly", _("部分签收")
        FAILED = "failed", _("配送失败")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="shipments")
    plan = models.ForeignKey(
        AllocationPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="shipments"
    )
    warehouse = models.ForeignKey(
        Warehouse, null=True, blank=True, on_delete=models.PROTECT, related_name="shipments"
    )
    donation = models.ForeignKey(
        "supplies.Donation", null=True, blank=True, on_delete=models.PROTECT, related_name="direct_shipments"
    )
    supplier = models.CharField(_("供应商"), max_length=120, blank=True)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="shipments")
    help_request = models.ForeignKey(
        HelpRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="supply_shipments"
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    vehicle = models.CharField(_("车牌"), max_length=20, blank=True)
    driver = models.CharField(_("司机"), max_length=40, blank=True)
    pass_number = models.CharField(_("通行证号"), max_length=40, blank=True)
    receiver_name = models.CharField(_("签收人"), max_length=60, blank=True)
    photo = models.FileField(_("签收照片"), upload_to="supplies/pod/%Y/%m/", blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("配送")
        verbose_name_plural = _("配送")
        indexes = [models.Index(fields=["incident", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(site__isnull=False) | models.Q(help_request__isnull=False),
                name="shipment_has_a_destination",
            ),
            models.CheckConstraint(
                condition=models.Q(warehouse__isnull=False) | models.Q(donation__isnull=False),
                name="shipment_has_an_origin",
            ),
        ]

    @property
    def destination(self) -> str:
        return self.site.name if self.site_id else str(self.help_request)

    @property
    def origin(self) -> str:
        if self.warehouse_id:
            return self.warehouse.name
        # straight from the donor (or bought with its money); the carrier or supplier beside it
        donor = self.donation.donor.name if self.donation else ""
        return " · ".join(x for x in (donor, self.supplier) if x)


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    lot = models.ForeignKey(
        StockLot, null=True, blank=True, on_delete=models.PROTECT, related_name="shipment_lines"
    )
    # a direct shipment of donated goods: the pledged line it comes out of (no lot, no warehouse)
    donation_line = models.ForeignKey(
        "supplies.DonationLine", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    need = models.ForeignKey(SiteNeed, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    household_need = models.ForeignKey(
        NeedLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("数量"))
    qty_delivered = models.PositiveIntegerField(_("签收数量"), default=0)
