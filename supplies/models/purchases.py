from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supplies.models.catalogue import Item
from supplies.models.donations import Donation
from supplies.models.shipments import Shipment
from supplies.models.sites import Site
from supplies.models.stock import StockLot, Warehouse


class Purchase(models.Model):
    """Goods bought with a money donation (采购): received into a warehouse as a lot of that donation,
    or delivered by the supplier straight to a site (a direct shipment). Either way the donor's
    feedback shows what the money bought and where it went."""

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="purchases")
    supplier = models.CharField(_("供应商"), max_length=120)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("数量"))
    unit_price = models.DecimalField(_("单价(元)"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("金额(元)"), max_digits=14, decimal_places=2)
    warehouse = models.ForeignKey(
        Warehouse, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lot = models.OneToOneField(
        StockLot, null=True, blank=True, on_delete=models.PROTECT, related_name="purchase"
    )
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    shipment = models.OneToOneField(
        Shipment, null=True, blank=True, on_delete=models.PROTECT, related_name="purchase"
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("采购")
        verbose_name_plural = _("采购")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(warehouse__isnull=False) | models.Q(site__isnull=False),
                name="purchase_goes_somewhere",
            ),
            models.CheckConstraint(condition=models.Q(total__gt=0), name="purchase_total_positive"),
        ]
