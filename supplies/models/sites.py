from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Incident
from supplies.models.catalogue import Item

# A need not confirmed for this many days is shown as stale (过期) and left out of new plans' defaults.
STALE_AFTER_DAYS = 3


class Site(models.Model):
    """A place that needs supplies (需求单位)."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("定点医院")
        COMMUNITY = "community", _("社区")
        ISOLATION_POINT = "isolation_point", _("隔离点")
        SHELTER = "shelter", _("方舱/安置点")
        CARE_HOME = "care_home", _("养老院/福利院")
        OTHER = "other", _("其他")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="supply_sites")
    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    division_code = models.CharField(_("行政区划"), max_length=9, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lon = models.FloatField(_("经度"), null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    # vulnerable groups the site serves (e.g. ["elderly"] for a care home), for donor restrictions
    groups = models.JSONField(_("服务人群"), default=list, blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("需求单位")
        verbose_name_plural = _("需求单位")
        constraints = [models.UniqueConstraint(fields=["incident", "name"], name="site_name_per_incident")]
        indexes = [models.Index(fields=["incident", "division_code"])]

    def __str__(self) -> str:
        return self.name


class SiteNeed(models.Model):
    """One need line of a site: an item, how many (or "needed, quantity unknown"), how urgent."""

    class Status(models.TextChoices):
        OPEN = "open", _("待满足")
        MET = "met", _("已满足")
        CANCELLED = "cancelled", _("已撤销")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="needs")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="needs")
    quantity = models.PositiveIntegerField(_("需求数量"), null=True, blank=True)  # None = unknown
    qty_delivered = models.PositiveIntegerField(_("已送达"), default=0)
    urgency = models.PositiveSmallIntegerField(_("紧急程度"), default=3)
    needed_by = models.DateField(_("需要日期"), null=True, blank=True)
    last_confirmed_at = models.DateTimeField(_("最近确认"), default=timezone.now)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("需求明细")
        verbose_name_plural = _("需求明细")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(urgency__gte=1, urgency__lte=4), name="site_need_urgency"
            ),
        ]
        indexes = [models.Index(fields=["item", "status"])]

    @property
    def remaining(self) -> int | None:
        return None if self.quantity is None else max(self.quantity - self.qty_delivered, 0)

    def is_stale(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        return self.last_confirmed_at < (now or timezone.now()) - timedelta(days=STALE_AFTER_DAYS)
