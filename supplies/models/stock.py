from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Incident, Organisation
from supplies.models.catalogue import Item
from supplies.models.donations import Donation


class Warehouse(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="warehouses")
    org = models.ForeignKey(
        Organisation, verbose_name=_("管理机构"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=120)
    division_code = models.CharField(_("行政区划"), max_length=9, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    lat = models.FloatField(_("纬度"))
    lon = models.FloatField(_("经度"))
    area_m2 = models.PositiveIntegerField(_("面积(㎡)"), null=True, blank=True)

    class Meta:
        verbose_name = _("仓库")
        verbose_name_plural = _("仓库")

    def __str__(self) -> str:
        return self.name


class StockLot(models.Model):
    """Goods of one item from one donation in one warehouse. ``quantity`` is what is free to allocate:
    approving a plan takes it out (the shipment holds it), a failed delivery puts it back."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="lots")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="lots")
    donation = models.ForeignKey(
        Donation, null=True, blank=True, on_delete=models.PROTECT, related_name="lots"
    )
    quantity = models.IntegerField(_("可用数量"), default=0)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("库存批次")
        verbose_name_plural = _("库存批次")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="stock_never_negative")
        ]
        indexes = [models.Index(fields=["item", "warehouse"])]

    def is_expired(self, today: date | None = None) -> bool:
        """Usable through its expiry date; from the next day on it is never allocated or shipped."""
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())


class StockCount(models.Model):
    """A stock count (盘点) of one warehouse; its lines adjust the lots with a reason."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="counts")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("盘点")
        verbose_name_plural = _("盘点")


class StockCountLine(models.Model):
    count = models.ForeignKey(StockCount, on_delete=models.CASCADE, related_name="lines")
    lot = models.ForeignKey(StockLot, on_delete=models.PROTECT, related_name="+")
    expected = models.IntegerField(_("账面数量"))
    counted = models.PositiveIntegerField(_("实盘数量"))
    reason = models.CharField(_("差异原因"), max_length=200, blank=True)


class StockMove(models.Model):
    """Append-only ledger of every change to a lot; the lot's quantity is the sum of its moves."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("入库")
        ALLOCATE = "allocate", _("出库(调配)")
        RETURN = "return", _("退回入库")
        ADJUST = "adjust", _("盘点调整")
        WRITE_OFF = "write_off", _("报损核销")

    lot = models.ForeignKey(StockLot, on_delete=models.PROTECT, related_name="moves")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    delta = models.IntegerField()
    reason = models.CharField(max_length=200, blank=True)
    shipment = models.ForeignKey(
        "supplies.Shipment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    count = models.ForeignKey(StockCount, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("库存流水")
        verbose_name_plural = _("库存流水")
        indexes = [models.Index(fields=["lot", "created"])]
